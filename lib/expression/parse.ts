import { ExpressionError } from './error.js';

// A small recursive-descent parser for the arithmetic a PDE is written in. Not jsep (which the issue
// suggested): jsep's nodes carry no positions (an unknown name could not be pointed at), its `^` is
// bitwise XOR below `+`, and its unary minus binds tighter than any binary operator (-x^2 would be
// (-x)^2). Here every node knows where it stands in the text, `^` (or `**`) is the power, right
// associative, above unary minus: -x^2 = -(x^2), 2^-x = 2^(-x), a^b^c = a^(b^c).

/**
 * A node of a parsed expression, told apart by `type`. Every node knows where it stands in the text
 * (a parenthesised expression spans its parentheses), so errors can point at it.
 */
export type ExpressionNode = {
  /** Offset of the node's first character in the text. */
  start: number;
  /** Offset just after its last character (exclusive). */
  end: number;
} & (
  | {
      /** A number literal: `2`, `0.5`, `1e-3`. */
      type: 'number';
      /** Its value. */
      value: number;
    }
  | {
      /** A name: an input, an output or a term (`u_xx`), a constant, a normal (`n_x`), `dist`, a parameter. */
      type: 'name';
      /** The name as written. */
      name: string;
    }
  | {
      /** A quoted string (a geometry part's name: `'hole'`). */
      type: 'string';
      /** Its text, without the quotes. */
      value: string;
    }
  | {
      /** A sign in front of an operand: `-x`. */
      type: 'unary';
      /** The sign. */
      op: '-' | '+';
      /** What it applies to. */
      arg: ExpressionNode;
    }
  | {
      /** Two operands and an operator (`**` is parsed as `^`). */
      type: 'binary';
      /** The operator. */
      op: '+' | '-' | '*' | '/' | '^';
      /** The left operand. */
      left: ExpressionNode;
      /** The right operand. */
      right: ExpressionNode;
    }
  | {
      /** A function call: `sin(x)`, `disk([0, 0], 1)`. */
      type: 'call';
      /** The function's name. */
      name: string;
      /** Offset just after the name (errors about the function point at the name alone). */
      nameEnd: number;
      /** The arguments, in order. */
      args: ExpressionNode[];
    }
  | {
      /** A list in brackets (a point or a range of a geometry): `[0, 1]`. */
      type: 'array';
      /** The items, in order. */
      items: ExpressionNode[];
    }
);

type Token = { kind: 'number' | 'name' | 'string' | 'op' | 'end'; text: string; start: number; end: number; value?: number };

const NUMBER = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/;
const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;
const OPS = ['**', '+', '-', '*', '/', '^', '(', ')', '[', ']', ','];

/** Splits `text` into tokens; an unknown character is an error at its position. */
function tokenize(text: string, field: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    if (/\s/.test(text[i])) {
      i++;
      continue;
    }
    const rest = text.slice(i);
    const number = NUMBER.exec(rest);
    if (number) {
      tokens.push({ kind: 'number', text: number[0], start: i, end: i + number[0].length, value: Number(number[0]) });
      i += number[0].length;
      continue;
    }
    const name = NAME.exec(rest);
    if (name) {
      tokens.push({ kind: 'name', text: name[0], start: i, end: i + name[0].length });
      i += name[0].length;
      continue;
    }
    if (text[i] === "'" || text[i] === '"') {
      const close = text.indexOf(text[i], i + 1);
      if (close < 0) throw new ExpressionError(field, text, i, text.length, `the string opened here is not closed (a ${text[i]} is missing)`);
      tokens.push({ kind: 'string', text: text.slice(i + 1, close), start: i, end: close + 1 });
      i = close + 1;
      continue;
    }
    const op = OPS.find((o) => rest.startsWith(o));
    if (op === undefined) {
      const hint = text[i] === '=' ? ' (an expression has no =; definitions are written name = expression in their own list)' : '';
      throw new ExpressionError(field, text, i, i + 1, `unexpected character '${text[i]}'${hint}`);
    }
    tokens.push({ kind: 'op', text: op === '**' ? '^' : op, start: i, end: i + op.length });
    i += op.length;
  }
  tokens.push({ kind: 'end', text: '', start: text.length, end: text.length });
  return tokens;
}

/** Recursive descent over the tokens: sum > product > unary > power > postfix call > primary. */
class Parser {
  private i = 0;

  constructor(
    private readonly tokens: Token[],
    private readonly text: string,
    private readonly field: string,
  ) {}

  private get peek(): Token {
    return this.tokens[this.i];
  }

  private fail(token: Token, message: string): never {
    throw new ExpressionError(this.field, this.text, token.start, Math.max(token.end, token.start + 1), message);
  }

  private describe(token: Token): string {
    return token.kind === 'end' ? 'end of the text' : `'${token.text}'`;
  }

  parseAll(): ExpressionNode {
    if (this.peek.kind === 'end') this.fail(this.peek, 'the expression is empty');
    const node = this.sum();
    const t = this.tokens[this.i];
    if (t.kind !== 'end') {
      const what = t.text === ')' || t.text === ']' ? `'${t.text}' closes nothing` : `unexpected ${this.describe(t)}: expected an operator (+ - * / ^) or the end`;
      this.fail(t, what);
    }
    return node;
  }

  private sum(): ExpressionNode {
    let left = this.product();
    while (this.peek.text === '+' || this.peek.text === '-') {
      const op = this.tokens[this.i++].text as '+' | '-';
      const right = this.product();
      left = { type: 'binary', op, left, right, start: left.start, end: right.end };
    }
    return left;
  }

  private product(): ExpressionNode {
    let left = this.unary();
    while (this.peek.kind === 'op' && (this.peek.text === '*' || this.peek.text === '/')) {
      const op = this.tokens[this.i++].text as '*' | '/';
      const right = this.unary();
      left = { type: 'binary', op, left, right, start: left.start, end: right.end };
    }
    return left;
  }

  private unary(): ExpressionNode {
    const t = this.peek;
    if (t.kind === 'op' && (t.text === '-' || t.text === '+')) {
      this.i++;
      const arg = this.unary();
      return { type: 'unary', op: t.text as '-' | '+', arg, start: t.start, end: arg.end };
    }
    return this.power();
  }

  private power(): ExpressionNode {
    const base = this.primary();
    if (this.peek.kind === 'op' && this.peek.text === '^') {
      this.i++;
      // Right associative, and the exponent may carry its own sign: 2^-x.
      const exponent = this.unary();
      return { type: 'binary', op: '^', left: base, right: exponent, start: base.start, end: exponent.end };
    }
    return base;
  }

  /** Items up to `close`, separated by commas. */
  private list(open: Token, close: ')' | ']'): ExpressionNode[] {
    const items: ExpressionNode[] = [];
    if (this.peek.text === close) {
      this.i++;
      return items;
    }
    for (;;) {
      items.push(this.sum());
      const t = this.peek;
      if (t.text === ',') {
        this.i++;
        continue;
      }
      if (t.text === close) {
        this.i++;
        return items;
      }
      if (t.kind === 'end') this.fail(open, `'${open.text}' is not closed (a '${close}' is missing)`);
      this.fail(t, `unexpected ${this.describe(t)}: expected ',' or '${close}'`);
    }
  }

  private primary(): ExpressionNode {
    const t = this.tokens[this.i++];
    if (t.kind === 'number') {
      if (this.peek.kind === 'name' || this.peek.text === '(') this.fail(this.peek, `unexpected ${this.describe(this.peek)} after the number ${t.text}: write the product with '*' (2*x)`);
      return { type: 'number', value: t.value!, start: t.start, end: t.end };
    }
    if (t.kind === 'string') return { type: 'string', value: t.text, start: t.start, end: t.end };
    if (t.kind === 'name') {
      if (this.peek.text === '(') {
        const open = this.tokens[this.i++];
        const args = this.list(open, ')');
        return { type: 'call', name: t.text, nameEnd: t.end, args, start: t.start, end: this.tokens[this.i - 1].end };
      }
      return { type: 'name', name: t.text, start: t.start, end: t.end };
    }
    if (t.text === '(') {
      const inner = this.sum();
      if (this.peek.text !== ')') {
        if (this.peek.kind === 'end') this.fail(t, "'(' is not closed (a ')' is missing)");
        this.fail(this.peek, `unexpected ${this.describe(this.peek)}: expected an operator (+ - * / ^) or ')'`);
      }
      this.i++;
      return { ...inner, start: t.start, end: this.tokens[this.i - 1].end };
    }
    if (t.text === '[') {
      const items = this.list(t, ']');
      return { type: 'array', items, start: t.start, end: this.tokens[this.i - 1].end };
    }
    this.fail(t, `unexpected ${this.describe(t)}: expected a number, a name or '('`);
  }
}

/**
 * Parses an expression (numbers, names, `+ - * /`, `^` or `**` for powers, calls `f(a, b)`,
 * parentheses; `[a, b]` lists and 'strings' for geometries) into a tree whose nodes know their
 * place in the text. `field` names the text in errors (e.g. 'residual').
 *
 * @example
 * parseExpression('u_t + u*u_x - 0.01/PI*u_xx').type; // 'binary'
 * parseExpression('sin(PI*x', 'residual'); // throws ExpressionError at character 4: '(' is not closed
 */
export function parseExpression(text: string, field = 'expression'): ExpressionNode {
  if (typeof text !== 'string') throw new Error(`The ${field} passed to 'parseExpression' must be a string, but got ${JSON.stringify(text)}.`);
  return new Parser(tokenize(text, field), text, field).parseAll();
}
