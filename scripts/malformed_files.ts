// Writes the reader fuzz spec's files (spec/fixtures/malformed_files.ts) to a folder, with manifest.json
// listing each file's case: what is wrong, what our reader must do (refused: the message pattern; read: the
// values) and what the reference reader does. scripts/check_malformed_files.py checks that column with SciPy
// and NumPy. Usage: npx tsx scripts/malformed_files.ts [DIR]   (default: results/malformed)
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

import { malformedCases } from '../spec/fixtures/malformed_files.js';

const dir = process.argv[2] ?? 'results/malformed';
const cases = malformedCases();
const manifest = cases.map(({ bytes, expect, ...rest }) => ({ ...rest, expect: 'refused' in expect ? { refused: expect.refused.source } : expect }));
for (const c of cases) {
  const path = join(dir, c.file);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, c.bytes);
}
writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 1));
const refused = cases.filter((c) => 'refused' in c.expect).length;
console.log(`${cases.length} files (${refused} to be refused, ${cases.length - refused} read) and manifest.json in ${dir}`);
