#!/bin/sh
# Runs InferenceMeasurements.cs against the committed tiny models.
# Usage: bench/Taco.Benchmarks/Inference/run.sh [intra-op threads, default 1] [decode]
# With "decode", only the first table (decode speed, CPU split, allocation per token) is measured.
# To compare two commits (alternating runs, one table): ab.sh in this folder.
# Why a separate driver project: BenchmarkDotNet's switcher (bench/Taco.Benchmarks/Program.cs) runs only
# [Benchmark] classes; these measurements (CPU-time split, CoTA token counts) are a plain program.
# The BenchmarkDotNet timings are in GenerationBenchmarks.cs (--filter '*GenerationBenchmarks*').
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../../.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/taco-inference-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
cat > "$work/InferenceBench.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <!-- Named so Taco.Inference's InternalsVisibleTo lets it read the per-conversation run clock. -->
    <AssemblyName>Taco.Benchmarks</AssemblyName>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
    <InvariantGlobalization>true</InvariantGlobalization>
    <DefineConstants>\$(DefineConstants);TACO_INFERENCE_BENCH</DefineConstants>
  </PropertyGroup>
  <ItemGroup>
    <Compile Include="$here/InferenceMeasurements.cs" />
    <Compile Include="$repo/bench/Taco.Benchmarks/Inference/ThreadCpuClock.cs" />
    <ProjectReference Include="$repo/src/Taco.Inference/Taco.Inference.csproj" />
  </ItemGroup>
</Project>
XML
cat > "$work/Program.cs" <<CS
Taco.Benchmarks.Inference.InferenceMeasurements.Run("$repo", args.Length > 0 ? int.Parse(args[0]) : 1, args.Length > 1 && args[1] == "decode");
CS
dotnet run -c Release --project "$work/InferenceBench.csproj" -- "${1:-1}" ${2:+"$2"}
