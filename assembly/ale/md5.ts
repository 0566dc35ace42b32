// MD5 (RFC 1321) of a byte string, as 32 lower-case hex digits. ALE and
// Stella identify a cartridge by the MD5 of its ROM image.

const SHIFTS: StaticArray<u32> = [
  7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22,
  5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20,
  4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23,
  6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21,
];

// K[i] = floor(2^32 * abs(sin(i + 1))).
const K: StaticArray<u32> = [
  0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee, 0xf57c0faf, 0x4787c62a,
  0xa8304613, 0xfd469501, 0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be,
  0x6b901122, 0xfd987193, 0xa679438e, 0x49b40821, 0xf61e2562, 0xc040b340,
  0x265e5a51, 0xe9b6c7aa, 0xd62f105d, 0x02441453, 0xd8a1e681, 0xe7d3fbc8,
  0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed, 0xa9e3e905, 0xfcefa3f8,
  0x676f02d9, 0x8d2a4c8a, 0xfffa3942, 0x8771f681, 0x6d9d6122, 0xfde5380c,
  0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70, 0x289b7ec6, 0xeaa127fa,
  0xd4ef3085, 0x04881d05, 0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665,
  0xf4292244, 0x432aff97, 0xab9423a7, 0xfc93a039, 0x655b59c3, 0x8f0ccc92,
  0xffeff47d, 0x85845dd1, 0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1,
  0xf7537e82, 0xbd3af235, 0x2ad7d2bb, 0xeb86d391,
];

const HEX = "0123456789abcdef";

/** Returns the MD5 digest of `data` as 32 lower-case hex digits. */
export function md5Hex(data: Uint8Array): string {
  const length = data.length;
  // Message, a 0x80 byte, zero padding to 56 mod 64, then the bit length.
  const padded = ((length + 8) >> 6) + 1;
  const message = new Uint8Array(padded << 6);
  message.set(data);
  message[length] = 0x80;
  const bits = <u64>length << 3;
  for (let i = 0; i < 8; i++) {
    message[(padded << 6) - 8 + i] = <u8>(bits >> (<u64>i << 3));
  }

  const digest = new StaticArray<u32>(4);
  digest[0] = 0x67452301;
  digest[1] = 0xefcdab89;
  digest[2] = 0x98badcfe;
  digest[3] = 0x10325476;
  for (let block = 0; block < padded; block++) {
    compressBlock(digest, message, block << 6);
  }
  return hexOfWords(digest);
}

function compressBlock(
  digest: StaticArray<u32>,
  message: Uint8Array,
  offset: i32,
): void {
  const words = new StaticArray<u32>(16);
  for (let i = 0; i < 16; i++) {
    const at = offset + (i << 2);
    words[i] =
      <u32>message[at] |
      (<u32>message[at + 1] << 8) |
      (<u32>message[at + 2] << 16) |
      (<u32>message[at + 3] << 24);
  }
  let a = digest[0];
  let b = digest[1];
  let c = digest[2];
  let d = digest[3];
  for (let i = 0; i < 64; i++) {
    let f: u32;
    let g: i32;
    if (i < 16) {
      f = (b & c) | (~b & d);
      g = i;
    } else if (i < 32) {
      f = (d & b) | (~d & c);
      g = (5 * i + 1) & 15;
    } else if (i < 48) {
      f = b ^ c ^ d;
      g = (3 * i + 5) & 15;
    } else {
      f = c ^ (b | ~d);
      g = (7 * i) & 15;
    }
    const sum = a + f + K[i] + words[g];
    a = d;
    d = c;
    c = b;
    b = b + rotl<u32>(sum, SHIFTS[i]);
  }
  digest[0] += a;
  digest[1] += b;
  digest[2] += c;
  digest[3] += d;
}

function hexOfWords(digest: StaticArray<u32>): string {
  let text = "";
  for (let w = 0; w < 4; w++) {
    for (let byte = 0; byte < 4; byte++) {
      const value = (digest[w] >> (<u32>byte << 3)) & 0xff;
      text += HEX.charAt(value >> 4) + HEX.charAt(value & 15);
    }
  }
  return text;
}
