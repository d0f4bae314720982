#!/usr/bin/env bash
# Packs Sparsity.Core, Sparsity.Kernels and Sparsity.Models into artifacts/packages, then restores, builds and runs
# samples/Sparsity.Sample against those packages (PackageReference by version, as a user's project would).
# Exits non-zero if packing, restoring, building or any check of the sample fails.
#   SPARSITY_SAMPLE_VERSION=0.1.0-local   the package version to pack and consume (default: VersionPrefix + "-sample")
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

feed="$root/artifacts/packages"
# A restore folder of the sample's own: the Sparsity packages in it are deleted before every restore, so a package
# packed earlier under the same version can never stand in for the one just packed (the global cache would keep it).
restore_dir="$root/artifacts/sample-packages"
sample="$root/samples/Sparsity.Sample/Sparsity.Sample.csproj"

prefix=$(sed -nE 's|.*<VersionPrefix>([^<]+)</VersionPrefix>.*|\1|p' Directory.Build.props | head -n1)
version=${SPARSITY_SAMPLE_VERSION:-$prefix-sample}
start=$(date +%s)

echo "=== packing Sparsity $version into artifacts/packages"
mkdir -p "$feed" "$restore_dir"
rm -f "$feed"/Sparsity.Core.*nupkg "$feed"/Sparsity.Kernels.*nupkg "$feed"/Sparsity.Models.*nupkg
for project in Sparsity.Core Sparsity.Kernels Sparsity.Models; do
  dotnet pack "src/$project/$project.csproj" -c Release -o "$feed" -p:Version="$version" -p:ContinuousIntegrationBuild=true --nologo -v quiet
done
for project in Sparsity.Core Sparsity.Kernels Sparsity.Models; do
  for ext in nupkg snupkg; do
    [[ -f "$feed/$project.$version.$ext" ]] || { echo "missing $feed/$project.$version.$ext" >&2; exit 1; }
  done
done

echo "=== restoring, building and running samples/Sparsity.Sample against them"
rm -rf "$restore_dir"/sparsity.core "$restore_dir"/sparsity.kernels "$restore_dir"/sparsity.models
dotnet restore "$sample" --packages "$restore_dir" -p:SparsityVersion="$version" --nologo -v quiet
dotnet build "$sample" -c Release --no-restore -p:SparsityVersion="$version" --nologo -v quiet
dotnet run --project "$sample" -c Release --no-build -p:SparsityVersion="$version"
echo "=== sample passed in $(( $(date +%s) - start )) s"
