import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A ```ts block of a Markdown page. The HTML comment on the line before the fence (blank lines between are
 * allowed) says how it is checked; without one the block is a whole program that is type-checked and run:
 *
 * - `<!-- no-run: why -->`: a whole program that is type-checked only (it trains for minutes, starts worker
 *   threads, needs a browser, ...). The reason is required.
 * - `<!-- fragment: TypeScript -->`: an illustration that is not a program by itself; the TypeScript in the comment
 *   (imports, `declare const net: MLP;`, ...) is put before it, and the two are type-checked together.
 * - `<!-- browser: TypeScript -->`: code for a page: type-checked (after the optional TypeScript in the comment)
 *   with 'tfjs-pinn' resolved to the browser entry, lib/browser.ts, as a bundler's `browser` condition does; not run.
 */
export interface Snippet {
  /** The page, relative to the project root ('README.md', 'docs/training.md'). */
  page: string;
  /** The line of the opening fence (1-based). */
  line: number;
  /** The block's code. */
  code: string;
  /** 'run': type-check and run; the others: type-check only ('browser' against the browser entry). */
  mode: 'run' | 'no-run' | 'fragment' | 'browser';
  /** Why a no-run block is not run. */
  reason?: string;
  /** The prelude of a fragment or browser block (empty for the other modes). */
  prelude: string;
}

/** The pages whose ```ts blocks are checked: the README and every docs/*.md. */
export function docPages(root: string): string[] {
  const docs = readdirSync(join(root, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((f) => `docs/${f}`);
  return ['README.md', ...docs];
}

const MARKER = /^<!--\s*(no-run|fragment|browser)\s*(?::([\s\S]*?))?\s*-->$/;

/** Every ```ts block of one page, with how it is to be checked; an unknown or malformed marker is an error. */
export function snippetsOf(root: string, page: string): Snippet[] {
  const lines = readFileSync(join(root, page), 'utf8').split('\n');
  const out: Snippet[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)```(\w*)\s*$/.exec(lines[i]);
    if (!open) continue;
    let end = i + 1;
    while (end < lines.length && !/^\s*```\s*$/.test(lines[end])) end++;
    if (end === lines.length) throw new Error(`${page}:${i + 1}: a code fence that is never closed.`);
    if (open[2] === 'ts' || open[2] === 'typescript') {
      let j = i - 1;
      while (j >= 0 && lines[j].trim() === '') j--;
      // A marker may span lines: collect back to its '<!--'.
      let comment = '';
      if (j >= 0 && lines[j].trim().endsWith('-->')) {
        let k = j;
        while (k >= 0 && !lines[k].includes('<!--')) k--;
        comment = lines.slice(Math.max(k, 0), j + 1).join('\n').trim();
      }
      const marker = MARKER.exec(comment);
      if (comment.startsWith('<!--') && /^<!--\s*(no-run|fragment|browser|run)\b/.test(comment) && !marker) {
        throw new Error(`${page}:${j + 1}: the marker '${comment}' is not '<!-- no-run: why -->', '<!-- fragment: prelude -->' or '<!-- browser: prelude -->'.`);
      }
      const mode = marker ? (marker[1] as Snippet['mode']) : 'run';
      const note = marker?.[2]?.trim() ?? '';
      if (mode === 'no-run' && note === '') throw new Error(`${page}:${j + 1}: a no-run block must say why ('<!-- no-run: why -->').`);
      const indent = open[1].length;
      const code = lines
        .slice(i + 1, end)
        .map((l) => l.slice(Math.min(indent, l.length - l.trimStart().length)))
        .join('\n');
      out.push({ page, line: i + 1, code, mode, ...(mode === 'no-run' ? { reason: note } : {}), prelude: mode === 'fragment' || mode === 'browser' ? note : '' });
    }
    i = end;
  }
  return out;
}

/** A file name for a snippet: the page and the fence's line, e.g. 'docs_training_md_L120.ts'. */
export function snippetFile(s: Snippet): string {
  return `${s.page.replace(/[^A-Za-z0-9]+/g, '_')}_L${s.line}.ts`;
}

/** The snippet as a module: the prelude, then the code, then `export {}` so every file has its own scope. */
export function snippetSource(s: Snippet): { source: string; preludeLines: number } {
  const prelude = s.prelude === '' ? '' : `${s.prelude}\n`;
  return { source: `${prelude}${s.code}\nexport {};\n`, preludeLines: prelude === '' ? 0 : prelude.split('\n').length - 1 };
}
