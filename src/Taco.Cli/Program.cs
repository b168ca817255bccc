namespace Taco.Cli;

internal static class Program
{
    private static int Main(string[] args) => TacoApp.Run(args, Console.Out, Console.Error);
}
