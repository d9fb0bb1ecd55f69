<?php
/*
 * Installs MAX's shipped EspoCRM customisations into a live `custom/` folder without losing
 * what the Field Manager, Layout Manager or the agent's self-healing tools wrote there.
 *
 * usage: php merge-custom.php <shipped-root> <espo-root> [<layout-additions.json>]
 *   <shipped-root>  folder that holds Espo/Custom/... (this repo's infra/scaleway-espocrm/custom)
 *   <espo-root>     EspoCRM document root (holds custom/, application/, command.php)
 *
 * Rules (idempotent: a second run changes nothing):
 *   Resources/metadata/** and Resources/i18n/** JSON: deep-merged key-wise. Shipped keys are added
 *     or updated; keys only present in the installed file are kept. JSON lists (enum options,
 *     index columns) are values: the shipped list replaces the installed one.
 *   Resources/layouts/** JSON: copied only when absent (after that the admin owns the layout).
 *   Any other file (PHP classes): shipped content wins.
 *   layout-additions.json {"Lead": {"detail": ["cTenantId"], "relationships": [...]}}: the named
 *     fields are appended to the entity's effective layout (custom one, else EspoCRM's own) when
 *     missing, so core layouts are patched in place instead of being shipped as copies.
 * An installed JSON file that does not parse stops the run (exit 1): better than overwriting it.
 */

declare(strict_types=1);

const JSON_FLAGS = JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE;

/** @var array<string, int> */
$stats = ['merged' => 0, 'copied' => 0, 'unchanged' => 0, 'layoutsPatched' => 0, 'layoutsSkipped' => 0];

function fail(string $message): never
{
    fwrite(STDERR, "merge-custom: $message\n");
    exit(1);
}

function readJson(string $path): mixed
{
    $raw = @file_get_contents($path);
    if ($raw === false) {
        fail("cannot read $path");
    }
    try {
        // Objects stay stdClass so `{}` and `[]` survive a round trip.
        return json_decode($raw, false, 512, JSON_THROW_ON_ERROR);
    } catch (JsonException $e) {
        fail("invalid JSON in $path: " . $e->getMessage());
    }
}

function encodeJson(mixed $data): string
{
    return json_encode($data, JSON_FLAGS | JSON_THROW_ON_ERROR) . "\n";
}

/** Writes via a temp file + rename so a crash never leaves a half-written metadata file. */
function writeIfChanged(string $path, string $contents): bool
{
    if (is_file($path) && file_get_contents($path) === $contents) {
        return false;
    }
    $dir = dirname($path);
    if (!is_dir($dir) && !mkdir($dir, 0775, true) && !is_dir($dir)) {
        fail("cannot create $dir");
    }
    $tmp = $dir . '/.' . basename($path) . '.tmp-' . getmypid();
    if (file_put_contents($tmp, $contents) === false || !rename($tmp, $path)) {
        @unlink($tmp);
        fail("cannot write $path");
    }
    return true;
}

function deepMerge(mixed $installed, mixed $shipped): mixed
{
    if ($installed instanceof stdClass && $shipped instanceof stdClass) {
        $out = clone $installed;
        foreach (get_object_vars($shipped) as $key => $value) {
            $out->$key = property_exists($out, $key) ? deepMerge($out->$key, $value) : $value;
        }
        return $out;
    }
    return $shipped;
}

function containsName(mixed $layout, string $name): bool
{
    if (is_string($layout)) {
        return $layout === $name;
    }
    if ($layout instanceof stdClass) {
        if (($layout->name ?? null) === $name) {
            return true;
        }
        $layout = get_object_vars($layout);
    }
    if (is_array($layout)) {
        foreach ($layout as $item) {
            if (containsName($item, $name)) {
                return true;
            }
        }
    }
    return false;
}

/** Appends one field to a layout of the given kind; returns null when the shape is unknown. */
function appendToLayout(string $kind, mixed $layout, string $name): mixed
{
    if (!is_array($layout)) {
        return null;
    }
    if ($kind === 'detail' || $kind === 'detailSmall') {
        foreach ($layout as $panel) {
            if ($panel instanceof stdClass && isset($panel->rows) && is_array($panel->rows)) {
                $panel->rows[] = [(object) ['name' => $name], false];
                return $layout;
            }
        }
        return null;
    }
    if ($kind === 'filters') {
        $layout[] = $name;
        return $layout;
    }
    // list / listSmall items are objects; relationships may be strings (older) or objects.
    $useStrings = $layout !== [] && is_string($layout[0]);
    $layout[] = $useStrings ? $name : (object) ['name' => $name];
    return $layout;
}

function applyLayoutAdditions(string $espoRoot, string $additionsPath, array &$stats): void
{
    $additions = readJson($additionsPath);
    if (!$additions instanceof stdClass) {
        fail("$additionsPath must hold an object");
    }
    foreach (get_object_vars($additions) as $entity => $kinds) {
        foreach (get_object_vars($kinds) as $kind => $names) {
            $customPath = "$espoRoot/custom/Espo/Custom/Resources/layouts/$entity/$kind.json";
            $candidates = [
                $customPath,
                "$espoRoot/application/Espo/Modules/Crm/Resources/layouts/$entity/$kind.json",
                "$espoRoot/application/Espo/Resources/layouts/$entity/$kind.json",
            ];
            $source = null;
            foreach ($candidates as $candidate) {
                if (is_file($candidate)) {
                    $source = $candidate;
                    break;
                }
            }
            if ($source === null) {
                fwrite(STDERR, "merge-custom: no $kind layout for $entity, skipped\n");
                $stats['layoutsSkipped']++;
                continue;
            }
            $layout = readJson($source);
            // Only write when a name was added: re-encoding alone would churn an admin's file.
            $added = false;
            foreach ($names as $name) {
                if (containsName($layout, $name)) {
                    continue;
                }
                $next = appendToLayout($kind, $layout, $name);
                if ($next === null) {
                    fwrite(STDERR, "merge-custom: unknown $kind layout shape for $entity, skipped\n");
                    $stats['layoutsSkipped']++;
                    continue 2;
                }
                $layout = $next;
                $added = true;
            }
            if ($added && writeIfChanged($customPath, encodeJson($layout))) {
                $stats['layoutsPatched']++;
            }
        }
    }
}

if ($argc < 3) {
    fail('usage: php merge-custom.php <shipped-root> <espo-root> [<layout-additions.json>]');
}
$shippedRoot = rtrim($argv[1], '/');
$espoRoot = rtrim($argv[2], '/');
if (!is_dir("$shippedRoot/Espo/Custom")) {
    fail("$shippedRoot/Espo/Custom not found");
}
if (!is_dir($espoRoot)) {
    fail("$espoRoot not found");
}

$iterator = new RecursiveIteratorIterator(
    new RecursiveDirectoryIterator("$shippedRoot/Espo/Custom", FilesystemIterator::SKIP_DOTS)
);
$files = [];
foreach ($iterator as $file) {
    $files[] = $file->getPathname();
}
sort($files);

foreach ($files as $path) {
    $relative = substr($path, strlen($shippedRoot) + 1);
    $target = "$espoRoot/custom/$relative";
    $isJson = str_ends_with($path, '.json');
    if ($isJson && preg_match('#^Espo/Custom/Resources/(metadata|i18n)/#', $relative)) {
        $shipped = readJson($path);
        $merged = is_file($target) ? deepMerge(readJson($target), $shipped) : $shipped;
        $changed = writeIfChanged($target, encodeJson($merged));
        $stats[$changed ? 'merged' : 'unchanged']++;
        continue;
    }
    if ($isJson && str_starts_with($relative, 'Espo/Custom/Resources/layouts/')) {
        readJson($path);
        if (is_file($target)) {
            $stats['unchanged']++;
            continue;
        }
    }
    $changed = writeIfChanged($target, (string) file_get_contents($path));
    $stats[$changed ? 'copied' : 'unchanged']++;
}

if ($argc >= 4) {
    applyLayoutAdditions($espoRoot, $argv[3], $stats);
}

$summary = [];
foreach ($stats as $key => $value) {
    $summary[] = "$key=$value";
}
echo 'merge-custom: ' . implode(' ', $summary) . "\n";
