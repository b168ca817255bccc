using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Taco.Cli.Infrastructure;

/// <summary>
/// Reads a batch: a folder of images (one question for all), a JSON Lines file or a CSV file
/// (id, image or images, question per item). Every problem with the input's form is found here,
/// before a model loads, and named by file and line; unreadable images are left to each item.
/// </summary>
internal static class BatchInput
{
    private static readonly HashSet<string> ImageExtensions = new(StringComparer.OrdinalIgnoreCase)
    {
        ".png", ".jpg", ".jpeg", ".bmp", ".gif", ".tif", ".tiff", ".webp", ".pnm", ".ppm", ".pgm", ".pbm",
    };

    public static IReadOnlyList<BatchItem> Read(string path, string? question)
    {
        try
        {
            return ReadItems(path, question);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Input that cannot be read is bad input (2), not an output that cannot be written (74).
            throw new CliException(ExitCodes.BadInput, $"{path} cannot be read: {e.Message.ReplaceLineEndings(" ")}");
        }
    }

    private static List<BatchItem> ReadItems(string path, string? question)
    {
        if (Directory.Exists(path))
        {
            return ReadFolder(path, question);
        }

        if (!File.Exists(path))
        {
            throw new CliException(ExitCodes.BadInput, $"{path} does not exist; give a folder of images, a .jsonl or a .csv file.");
        }

        var extension = Path.GetExtension(path).ToLowerInvariant();
        var items = extension switch
        {
            ".jsonl" or ".ndjson" or ".json" => ReadJsonLines(path, question),
            ".csv" => ReadCsv(path, question),
            _ => throw new CliException(ExitCodes.BadInput, $"{path}: a batch is a folder of images, a .jsonl or a .csv file, not a {extension} file."),
        };
        var duplicate = items.GroupBy(i => i.Id, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new CliException(ExitCodes.BadInput, $"{path}: the id \"{duplicate.Key}\" appears {duplicate.Count()} times; ids must be unique (--resume relies on them).");
        }

        return items;
    }

    private static List<BatchItem> ReadFolder(string folder, string? question)
    {
        if (string.IsNullOrWhiteSpace(question))
        {
            throw new CliException(ExitCodes.BadInput, $"{folder} is a folder of images: pass the question with --question \"…\".");
        }

        // Each real image once (FolderWalk sees each real folder once): its own name wins over a link's.
        var root = Path.GetFullPath(folder);
        var seen = new HashSet<FileIdentity>();
        return [.. FolderWalk.Files(root)
            .Where(f => ImageExtensions.Contains(Path.GetExtension(f)))
            .Select(f => (Path: f, Link: new FileInfo(f).LinkTarget is not null))
            .OrderBy(f => f.Link)
            .Where(f => FileIdentity.Of(f.Path) is not { } identity || seen.Add(identity))
            .Select(f => Path.GetRelativePath(root, f.Path).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .Select(rel => new BatchItem(rel, [Path.Combine(root, rel)], question, new JsonObject { ["id"] = rel }, Path.Combine(root, rel)))];
    }

    private static List<BatchItem> ReadJsonLines(string path, string? question)
    {
        var items = new List<BatchItem>();
        var baseDir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var where = string.Create(CultureInfo.InvariantCulture, $"{path}:{lineNumber}");
            JsonNode? node;
            try
            {
                node = JsonNode.Parse(line);
            }
            catch (JsonException e)
            {
                throw new CliException(ExitCodes.BadInput, $"{where} is not valid JSON: {e.Message.Split(" Path:", 2)[0].Split(" LineNumber:", 2)[0]}");
            }

            if (node is not JsonObject fields)
            {
                throw new CliException(ExitCodes.BadInput, $"{where} must be a JSON object with \"image\" (or \"images\") and \"question\".");
            }

            if (!IsDecodable(fields))
            {
                throw new CliException(ExitCodes.BadInput, $"{where} has a string that is not valid text (an escape of half a UTF-16 surrogate pair, such as \\ud800).");
            }

            var id = fields["id"] switch
            {
                null => lineNumber.ToString(CultureInfo.InvariantCulture),
                JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
                JsonValue v when v.GetValueKind() == JsonValueKind.Number => v.ToJsonString(),
                _ => throw new CliException(ExitCodes.BadInput, $"{where}: \"id\" must be a string or a number."),
            };
            var images = fields["images"] is JsonArray array
                ? array.Select(e => e is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : throw new CliException(ExitCodes.BadInput, $"{where}: \"images\" must be a list of file names.")).ToList()
                : fields["image"] is JsonValue single && single.GetValueKind() == JsonValueKind.String
                    ? [single.GetValue<string>()]
                    : throw new CliException(ExitCodes.BadInput, $"{where} has no \"image\" (a file name) or \"images\" (a list of file names).");
            items.Add(Item(where, id, images, fields["question"] is JsonValue q && q.GetValueKind() == JsonValueKind.String ? q.GetValue<string>() : null, question, baseDir, fields));
        }

        return items;
    }

    /// <summary>
    /// JSON may escape half a surrogate pair ("\ud800"), which parses but throws when read as a string;
    /// every name and string of an item is read once here so that surfaces as bad input, not mid-run.
    /// </summary>
    private static bool IsDecodable(JsonNode? node)
    {
        try
        {
            return node switch
            {
                JsonObject o => o.All(p => IsDecodable(p.Value)),
                JsonArray a => a.All(IsDecodable),
                JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>() is not null,
                _ => true,
            };
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static List<BatchItem> ReadCsv(string path, string? question)
    {
        var rows = ParseCsv(File.ReadAllText(path), path);
        if (rows.Count == 0)
        {
            return [];
        }

        var header = rows[0].Select(h => h.Trim().ToLowerInvariant()).ToList();
        var imageColumn = header.IndexOf("images") is >= 0 and var multi ? multi : header.IndexOf("image");
        if (imageColumn < 0)
        {
            throw new CliException(ExitCodes.BadInput, $"{path}: the first row must name the columns, with \"image\" (or \"images\", separated by ';'), and optionally \"id\" and \"question\".");
        }

        var baseDir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var items = new List<BatchItem>();
        for (var r = 1; r < rows.Count; r++)
        {
            var row = rows[r];
            if (row.Count == 1 && row[0].Length == 0)
            {
                continue;
            }

            var where = string.Create(CultureInfo.InvariantCulture, $"{path} row {r + 1}");
            if (row.Count != header.Count)
            {
                throw new CliException(ExitCodes.BadInput, string.Create(CultureInfo.InvariantCulture, $"{where} has {row.Count} fields; the header has {header.Count}."));
            }

            var fields = new JsonObject();
            for (var c = 0; c < header.Count; c++)
            {
                fields[header[c]] = row[c];
            }

            var idColumn = header.IndexOf("id");
            var id = idColumn >= 0 && row[idColumn].Length > 0 ? row[idColumn] : r.ToString(CultureInfo.InvariantCulture);
            var images = row[imageColumn].Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
            var questionColumn = header.IndexOf("question");
            items.Add(Item(where, id, images, questionColumn >= 0 && row[questionColumn].Length > 0 ? row[questionColumn] : null, question, baseDir, fields));
        }

        return items;
    }

    private static BatchItem Item(string where, string id, List<string> images, string? own, string? shared, string baseDir, JsonObject fields)
    {
        if (id.Length == 0)
        {
            throw new CliException(ExitCodes.BadInput, $"{where}: the id is empty.");
        }

        if (images.Count == 0)
        {
            throw new CliException(ExitCodes.BadInput, $"{where} names no image.");
        }

        foreach (var image in images)
        {
            CliImages.CheckName(image, where);
        }

        var question = !string.IsNullOrWhiteSpace(own) ? own : shared;
        if (string.IsNullOrWhiteSpace(question))
        {
            throw new CliException(ExitCodes.BadInput, $"{where} has no question; add \"question\" or pass --question for all items.");
        }

        return new BatchItem(id, [.. images.Select(i => Path.GetFullPath(i, baseDir))], question, fields, where);
    }

    /// <summary>RFC 4180: commas, double quotes around fields with commas, quotes or line breaks, "" for a quote.</summary>
    internal static List<List<string>> ParseCsv(string text, string path)
    {
        var rows = new List<List<string>>();
        var row = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        var i = 0;
        if (text.StartsWith('\uFEFF'))
        {
            i = 1;
        }

        for (; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"')
                {
                    if (i + 1 < text.Length && text[i + 1] == '"')
                    {
                        field.Append('"');
                        i++;
                    }
                    else
                    {
                        quoted = false;
                    }
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"' && field.Length == 0)
            {
                quoted = true;
            }
            else if (c == ',')
            {
                row.Add(field.ToString());
                field.Clear();
            }
            else if (c is '\n' or '\r')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                row.Add(field.ToString());
                field.Clear();
                rows.Add(row);
                row = [];
            }
            else
            {
                field.Append(c);
            }
        }

        if (quoted)
        {
            throw new CliException(ExitCodes.BadInput, $"{path}: a quoted field is never closed.");
        }

        if (field.Length > 0 || row.Count > 0)
        {
            row.Add(field.ToString());
            rows.Add(row);
        }

        return rows;
    }
}
