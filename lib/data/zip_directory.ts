// What fflate's unzip does not check and NumPy's zipfile does: the CRC-32 of every member (a flipped
// byte in a stored .npz member would otherwise be read as another value) and names given twice (zipfile
// reads the last). Format: PKWARE APPNOTE.TXT, sections 4.3.12 (central directory), 4.3.14-16 (end records).

/** One member as the zip's central directory lists it. */
export interface ZipMember {
  name: string;
  /** The CRC-32 of its uncompressed bytes. */
  crc: number;
}

const EOCD = 0x06054b50;
const EOCD64_LOCATOR = 0x07064b50;
const EOCD64 = 0x06064b50;
const CENTRAL = 0x02014b50;

let table: Uint32Array | null = null;

/**
 * The CRC-32 (ISO-HDLC, as zip and zlib use) of `data`.
 *
 * @example
 * crc32(new TextEncoder().encode('123456789')); // 0xcbf43926
 */
export function crc32(data: Uint8Array): number {
  if (table === null) {
    table = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c >>> 0;
    }
  }
  let c = 0xffffffff;
  for (let i = 0; i < data.length; i++) c = table[(c ^ data[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/**
 * The members the central directory of the zip archive `bytes` lists, in order; throws (`fail`'s
 * error) when it has no readable directory.
 *
 * @example
 * zipMembers(zipSync({ 'x.npy': a }), (why) => { throw new Error(why); }); // [{ name: 'x.npy', crc: ... }]
 */
export function zipMembers(bytes: Uint8Array, fail: (why: string) => never): ZipMember[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // The end record is the last 22 bytes, before a comment of at most 65535 bytes.
  let end = -1;
  for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 22 - 65535); at--) {
    if (view.getUint32(at, true) === EOCD) {
      end = at;
      break;
    }
  }
  if (end < 0) fail('it has no end of central directory record');
  let count = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  // Zip64: the 32-bit fields are 0xffff...; the zip64 end record, found through its locator, holds them.
  if ((count === 0xffff || at === 0xffffffff) && end >= 20 && view.getUint32(end - 20, true) === EOCD64_LOCATOR) {
    const end64 = Number(view.getBigUint64(end - 12, true));
    if (end64 + 56 > bytes.length || view.getUint32(end64, true) !== EOCD64) fail('its zip64 end record is missing');
    count = Number(view.getBigUint64(end64 + 32, true));
    at = Number(view.getBigUint64(end64 + 48, true));
  }
  const members: ZipMember[] = [];
  for (let i = 0; i < count; i++) {
    if (at + 46 > bytes.length || view.getUint32(at, true) !== CENTRAL) fail(`its central directory entry ${i + 1} of ${count} is missing`);
    const nameLength = view.getUint16(at + 28, true);
    const name = new TextDecoder().decode(bytes.subarray(at + 46, at + 46 + nameLength));
    members.push({ name, crc: view.getUint32(at + 16, true) });
    at += 46 + nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  }
  return members;
}
