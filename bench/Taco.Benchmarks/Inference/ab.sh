#!/bin/sh
# Decode A/B of two commits: builds each commit's Taco.Inference with this checkout's InferenceMeasurements.cs
# (so both sides measure the same way), runs the decode table alternately (run i: BEFORE then AFTER for odd i,
# AFTER then BEFORE for even i, so drifts in machine speed hit both sides), and prints per model: decode tok/s
# median (range) and change by median and by fastest run, wall/CPU/inside/outside Run per token, and managed
# allocation per decoded token (medians over runs of each run's median of 15 repetitions).
# Usage: bench/Taco.Benchmarks/Inference/ab.sh BEFORE AFTER [runs per side, default 8] [intra-op threads, default 1]
# On a shared machine: nice -n 10 bench/Taco.Benchmarks/Inference/ab.sh ...; for the quiet figures, without nice.
# Models come from this checkout (models/), so both sides run the same files. Raw outputs (and the load at each
# run's start) are kept in the directory printed at the end; the builds are removed.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../../.." && pwd)
before=$(git -C "$repo" rev-parse --short "$1")
after=$(git -C "$repo" rev-parse --short "$2")
runs=${3:-8}
threads=${4:-1}
work=$(mktemp -d "${TMPDIR:-/tmp}/taco-decode-ab.XXXXXX")
mkdir -p "$work/measure" "$work/out"
# The two source trees and builds take about 600 MB; only the raw outputs are kept.
trap 'rm -rf "$work/before" "$work/after" "$work/measure"' EXIT
cp "$here/InferenceMeasurements.cs" "$here/ThreadCpuClock.cs" "$work/measure/"

for side in before after; do
    if [ "$side" = before ]; then commit=$before; else commit=$after; fi
    mkdir -p "$work/$side/tree" "$work/$side/driver"
    git -C "$repo" archive "$commit" src .editorconfig Directory.Build.props Directory.Packages.props global.json | tar -x -C "$work/$side/tree"
    cat > "$work/$side/driver/InferenceBench.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <AssemblyName>Taco.Benchmarks</AssemblyName>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
    <InvariantGlobalization>true</InvariantGlobalization>
  </PropertyGroup>
  <ItemGroup>
    <Compile Include="$work/measure/InferenceMeasurements.cs" />
    <Compile Include="$work/measure/ThreadCpuClock.cs" />
    <ProjectReference Include="$work/$side/tree/src/Taco.Inference/Taco.Inference.csproj" />
  </ItemGroup>
</Project>
XML
    cat > "$work/$side/driver/Program.cs" <<CS
Taco.Benchmarks.Inference.InferenceMeasurements.Run("$repo", int.Parse(args[0]), decodeOnly: true);
CS
    echo "building $side ($commit)" >&2
    dotnet build -c Release -nologo -v q "$work/$side/driver/InferenceBench.csproj" >&2
done

run_side() {
    printf '%s %s %s\n' "$1" "$2" "$(cut -d' ' -f1-3 /proc/loadavg)" >> "$work/out/load.txt"
    dotnet "$work/$1/driver/bin/Release/net10.0/Taco.Benchmarks.dll" "$threads" > "$work/out/$1.$2.txt"
}

echo "start $(date -u '+%Y-%m-%d %H:%M:%S') UTC" > "$work/out/time.txt"
i=1
while [ "$i" -le "$runs" ]; do
    echo "run $i of $runs" >&2
    if [ $((i % 2)) -eq 1 ]; then run_side before "$i"; run_side after "$i"; else run_side after "$i"; run_side before "$i"; fi
    i=$((i + 1))
done
echo "end $(date -u '+%Y-%m-%d %H:%M:%S') UTC" >> "$work/out/time.txt"

python3 - "$work/out" "$before" "$after" "$runs" <<'PY'
import glob, os, re, statistics, sys
out, before, after, runs = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
num = lambda s: float(re.match(r"[-\d.]+", s.strip()).group())
rows = {}
for side in ("before", "after"):
    for path in sorted(glob.glob(os.path.join(out, side + ".*.txt"))):
        for line in open(path, encoding="utf-8"):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if len(cells) == 9 and cells[3].endswith("tok/s"):
                r = rows.setdefault(cells[0], {"before": [], "after": []})[side]
                r.append(dict(rate=num(cells[3]), cpu=num(cells[4]), run=num(cells[5]), outside=num(cells[6]), alloc=num(cells[8])))
med = lambda xs: statistics.median(xs)
print(open(os.path.join(out, "time.txt")).read().strip())
loads = [float(l.split()[2]) for l in open(os.path.join(out, "load.txt"))]
print(f"load average (1 min) at run starts: {min(loads):.2f}-{max(loads):.2f}, median {med(loads):.2f}")
print(f"before {before}, after {after}, {runs} alternating runs each\n")
print("| model, dtype | decode tok/s, before → after (range over runs) | change (median; fastest run) | time per token (wall) | CPU per token | inside Run | outside Run | allocation per token |")
print("|---|---|---|---|---|---|---|---|")
for label, sides in rows.items():
    b, a = sides["before"], sides["after"]
    if not b or not a:
        continue
    rb, ra = [x["rate"] for x in b], [x["rate"] for x in a]
    f = lambda side, key: med([x[key] for x in side])
    print(f"| {label} | {med(rb):.0f} ({min(rb):.0f}–{max(rb):.0f}) → {med(ra):.0f} ({min(ra):.0f}–{max(ra):.0f}) "
          f"| {(med(ra) / med(rb) - 1) * 100:+.1f} %; {(max(ra) / max(rb) - 1) * 100:+.1f} % "
          f"| {1e6 / med(rb):.1f} → {1e6 / med(ra):.1f} µs | {f(b, 'cpu'):.1f} → {f(a, 'cpu'):.1f} µs "
          f"| {f(b, 'run'):.1f} → {f(a, 'run'):.1f} µs | {f(b, 'outside'):.1f} → {f(a, 'outside'):.1f} µs "
          f"| {f(b, 'alloc'):,.0f} → {f(a, 'alloc'):,.0f} B |")
PY
echo "raw outputs: $work/out" >&2
