/** Where two JSON values differ, as lines a person reads: `positions[0].tallies[1].for: 50 ≠ 49`. */
function show(value: unknown): string {
  if (value === undefined) return '(missing)';
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}

export function jsonDifferences(reported: unknown, recounted: unknown, limit = 20, path = ''): string[] {
  const out: string[] = [];
  walk(reported, recounted, path, out, limit);
  return out;
}

function walk(a: unknown, b: unknown, path: string, out: string[], limit: number): void {
  if (out.length >= limit || a === b) return;
  const here = path === '' ? '(root)' : path;
  const bothObjects = typeof a === 'object' && typeof b === 'object' && a !== null && b !== null && Array.isArray(a) === Array.isArray(b);
  if (!bothObjects) {
    out.push(`${here}: ${show(a)} ≠ ${show(b)}`);
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) out.push(`${here}: ${a.length} ≠ ${b.length} entries`);
    for (let i = 0; i < Math.min(a.length, b.length); i++) walk(a[i], b[i], `${path}[${i}]`, out, limit);
    return;
  }
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  for (const key of [...new Set([...Object.keys(x), ...Object.keys(y)])].sort()) {
    walk(x[key], y[key], path === '' ? key : `${path}.${key}`, out, limit);
  }
}
