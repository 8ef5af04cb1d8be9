// The header of a NumPy .npy file, read and checked as numpy.lib.format reads it (its
// _read_array_header): a Python dict literal with exactly the keys descr, fortran_order and shape.
// Format: numpy.lib.format's module documentation (versions 1.0, 2.0 and 3.0).

/** What a .npy header states, checked. */
export interface NpyHeader {
  /** The dtype string, e.g. '<f8'. */
  descr: string;
  fortranOrder: boolean;
  /** Non-negative integer dimensions ([] for a scalar). */
  shape: number[];
  /** The byte offset of the data. */
  dataAt: number;
}

/** A Python literal as the header holds it: ints as bigint (exact), floats as number, tuples marked. */
type PyValue = string | bigint | number | boolean | null | PyValue[] | { tuple: PyValue[] } | Map<string, PyValue>;

const VERSIONS = ['1.0', '2.0', '3.0'];

/** Recursive descent over the Python literals a header may hold (what ast.literal_eval reads, less what no writer writes). */
class Literal {
  private at = 0;

  constructor(
    private readonly text: string,
    private readonly fail: (why: string) => never,
  ) {}

  /** The whole text as one value, with nothing but whitespace after it. */
  whole(): PyValue {
    const v = this.value();
    this.space();
    if (this.at < this.text.length) this.fail(`unexpected ${JSON.stringify(this.text.slice(this.at, this.at + 12))} after the dictionary`);
    return v;
  }

  private space(): void {
    while (this.at < this.text.length && ' \t\r\n'.includes(this.text[this.at])) this.at++;
  }

  private value(): PyValue {
    this.space();
    const c = this.text[this.at];
    if (c === undefined) this.fail('it ends inside a value');
    if (c === '{') return this.dict();
    if (c === '(') return { tuple: this.sequence('(', ')') };
    if (c === '[') return this.sequence('[', ']');
    if (c === "'" || c === '"') return this.string();
    const word = /^(True|False|None)\b/.exec(this.text.slice(this.at));
    if (word) {
      this.at += word[1].length;
      return word[1] === 'None' ? null : word[1] === 'True';
    }
    const num = /^[-+]?(\d+(\.\d*)?([eE][-+]?\d+)?|\.\d+([eE][-+]?\d+)?)/.exec(this.text.slice(this.at));
    if (num === null) this.fail(`unexpected ${JSON.stringify(this.text.slice(this.at, this.at + 12))}`);
    this.at += num[0].length;
    if (/^[A-Za-z_0-9]/.test(this.text[this.at] ?? '')) this.fail(`the number ${num[0]}${this.text[this.at]}... is not a plain decimal`);
    return /^[-+]?\d+$/.test(num[0]) ? BigInt(num[0]) : Number(num[0]);
  }

  private string(): string {
    const quote = this.text[this.at];
    const end = this.text.indexOf(quote, this.at + 1);
    if (end < 0) this.fail('a string is not closed');
    const s = this.text.slice(this.at + 1, end);
    // No dtype or key has a backslash: an escape here is not a header NumPy writes.
    if (s.includes('\\')) this.fail(`the string ${quote}${s}${quote} has an escape`);
    this.at = end + 1;
    return s;
  }

  private sequence(open: string, close: string): PyValue[] {
    this.at++;
    const items: PyValue[] = [];
    for (;;) {
      this.space();
      if (this.text[this.at] === close) break;
      items.push(this.value());
      this.space();
      if (this.text[this.at] === ',') this.at++;
      else if (this.text[this.at] !== close) this.fail(`expected ',' or '${close}' in a ${open === '(' ? 'tuple' : 'list'}`);
    }
    this.at++;
    return items;
  }

  private dict(): Map<string, PyValue> {
    this.at++;
    const out = new Map<string, PyValue>();
    for (;;) {
      this.space();
      if (this.text[this.at] === '}') break;
      const key = this.value();
      if (typeof key !== 'string') this.fail(`a key is ${String(key)}, not a string`);
      this.space();
      if (this.text[this.at] !== ':') this.fail(`expected ':' after the key '${key}'`);
      this.at++;
      // Python keeps the last of a repeated key: which was meant is unknown, so it is refused here.
      if (out.has(key)) this.fail(`it names the key '${key}' twice`);
      out.set(key, this.value());
      this.space();
      if (this.text[this.at] === ',') this.at++;
      else if (this.text[this.at] !== '}') this.fail("expected ',' or '}' in the dictionary");
    }
    this.at++;
    return out;
  }
}

function show(v: PyValue): string {
  if (v instanceof Map) return `{${[...v.keys()].join(', ')}}`;
  if (Array.isArray(v)) return `[${v.map(show).join(', ')}]`;
  if (v !== null && typeof v === 'object') return `(${v.tuple.map(show).join(', ')}${v.tuple.length === 1 ? ',' : ''})`;
  if (typeof v === 'string') return `'${v}'`;
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number') return Number.isInteger(v) ? v.toFixed(1) : String(v);
  return v === null ? 'None' : String(v);
}

/**
 * The header of the .npy file in `buf`, checked as NumPy checks it (and a little more: a key given twice,
 * a negative dimension); throws, naming `name` and what is wrong, where NumPy's reader would refuse it.
 *
 * @example
 * const h = readNpyHeader(bytes, 'a.npy'); // np.save('a.npy', np.zeros((2, 3)))
 * h.shape; // [2, 3]
 */
export function readNpyHeader(buf: ArrayBuffer, name: string): NpyHeader {
  const bytes = new Uint8Array(buf);
  const magic = String.fromCharCode(...bytes.subarray(0, 6));
  if (magic !== '\x93NUMPY') throw new Error(`${name} is not a NumPy .npy file (it does not start with \\x93NUMPY).`);
  const malformed = (why: string): never => {
    throw new Error(`${name} has a malformed .npy header: ${why}.`);
  };
  if (bytes.length < 10) malformed(`the file ends after ${bytes.length} bytes`);
  const version = `${bytes[6]}.${bytes[7]}`;
  if (!VERSIONS.includes(version)) malformed(`format version ${version}, where NumPy reads ${VERSIONS.join(', ')}`);
  const view = new DataView(buf);
  const start = version === '1.0' ? 10 : 12;
  if (bytes.length < start) malformed(`the file ends after ${bytes.length} bytes`);
  const length = version === '1.0' ? view.getUint16(8, true) : view.getUint32(8, true);
  if (start + length > bytes.length) malformed(`it claims ${length} bytes, past the end of the file (cut off?)`);
  // Versions 1.0 and 2.0 are latin1; 3.0 is UTF-8.
  const text = new TextDecoder(version === '3.0' ? 'utf-8' : 'latin1').decode(bytes.subarray(start, start + length));
  const dict = new Literal(text, malformed).whole();
  if (!(dict instanceof Map)) return malformed(`it is ${show(dict)}, not a dictionary`);
  const keys = [...dict.keys()].sort();
  if (keys.join(',') !== 'descr,fortran_order,shape') malformed(`its keys must be exactly descr, fortran_order and shape, but are ${keys.join(', ') || 'none'}`);
  const descr = dict.get('descr')!;
  if (typeof descr !== 'string') malformed(`descr is ${show(descr)}; only plain dtypes ('<f8', '<i4', ...) can be read, not structured ones`);
  const fortran = dict.get('fortran_order')!;
  if (typeof fortran !== 'boolean') malformed(`fortran_order is ${show(fortran)}, not True or False`);
  const shape = dict.get('shape')!;
  const dims = shape !== null && typeof shape === 'object' && 'tuple' in shape ? shape.tuple : null;
  if (dims === null || dims.some((d) => typeof d !== 'bigint' || d < 0n || d > BigInt(Number.MAX_SAFE_INTEGER))) {
    malformed(`shape is ${show(shape)}, not a tuple of non-negative integers`);
  }
  return { descr: descr as string, fortranOrder: fortran as boolean, shape: dims!.map(Number), dataAt: start + length };
}
