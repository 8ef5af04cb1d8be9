/**
 * An error in an expression's text: where it is (`start` to `end`, character offsets, end exclusive),
 * in which field of the problem (`field`, e.g. 'residual' or 'conditions[1].value'), and the text
 * itself, so a page can underline the place. The message holds the text with a caret line under it.
 *
 * @example
 * try { compileProblem({ ...def, residual: 'u_xx + sinn(x)' }); }
 * catch (e) { if (e instanceof ExpressionError) console.log(e.field, e.start, e.end); } // 'residual' 7 11
 */
export class ExpressionError extends Error {
  constructor(
    /** Which text: 'residual', 'conditions[0].value', 'exact.u', 'definitions[2]', 'geometry', ... */
    readonly field: string,
    /** The text the error is in. */
    readonly text: string,
    /** Offset of the first character at fault (0-based). */
    readonly start: number,
    /** Offset just after the last character at fault. */
    readonly end: number,
    /** What is wrong, without the place. */
    readonly reason: string,
  ) {
    const caret = `${' '.repeat(start)}${'^'.repeat(Math.max(1, end - start))}`;
    super(`In '${field}' at character ${start + 1}: ${reason}${/[.?!]$/.test(reason) ? '' : '.'}\n  ${text}\n  ${caret}`);
    this.name = 'ExpressionError';
  }
}
