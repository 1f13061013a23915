/**
 * Small well-formed documents built in memory for the tests (no fixture files): the structure the
 * sniffer reads is real (PNG chunks, JPEG segments, PDF header and trailer); the image data is not.
 */

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = type === 'IEND' ? Buffer.from([0xae, 0x42, 0x60, 0x82]) : Buffer.alloc(4); // the sniffer does not check CRCs
  return Buffer.concat([length, Buffer.from(type, 'latin1'), data, crc]);
}

export function png(width = 2, height = 2, options: { text?: string; after?: Buffer } = {}): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    ...(options.text ? [pngChunk('tEXt', Buffer.from(`Comment\0${options.text}`, 'latin1'))] : []),
    pngChunk('IDAT', Buffer.from([0x78, 0x9c, 0x63, 0x60, 0x00, 0x00, 0x00, 0x02, 0x00, 0x01])),
    pngChunk('IEND', Buffer.alloc(0)),
    options.after ?? Buffer.alloc(0),
  ]);
}

function jpegSegment(marker: number, data: Buffer): Buffer {
  const head = Buffer.from([0xff, marker, 0, 0]);
  head.writeUInt16BE(data.length + 2, 2);
  return Buffer.concat([head, data]);
}

export function jpeg(width = 2, height = 2, options: { comment?: string; after?: Buffer; scanBytes?: number } = {}): Buffer {
  const frame = Buffer.alloc(15);
  frame[0] = 8;
  frame.writeUInt16BE(height, 1);
  frame.writeUInt16BE(width, 3);
  frame[5] = 3;
  frame.set([1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1], 6);
  return Buffer.concat([
    Buffer.from([0xff, 0xd8]),
    jpegSegment(0xe0, Buffer.from('JFIF\0\x01\x01\0\0\x01\0\x01\0\0', 'latin1')),
    ...(options.comment ? [jpegSegment(0xfe, Buffer.from(options.comment, 'latin1'))] : []),
    jpegSegment(0xc0, frame),
    jpegSegment(0xda, Buffer.from([3, 1, 0, 2, 0x11, 3, 0x11, 0, 0x3f, 0])),
    Buffer.alloc(options.scanBytes ?? 32, 0x55),
    Buffer.from([0xff, 0xd9]),
    options.after ?? Buffer.alloc(0),
  ]);
}

export function pdf(body = '1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n', options: { after?: string } = {}): Buffer {
  return Buffer.from(
    `%PDF-1.7\n%\xe2\xe3\xcf\xd3\n${body}xref\n0 1\n0000000000 65535 f \ntrailer << /Root 1 0 R /Size 1 >>\nstartxref\n9\n%%EOF\n${options.after ?? ''}`,
    'latin1',
  );
}

/** A ZIP archive's minimal bytes: a local file header and an end-of-central-directory record. */
export function zip(): Buffer {
  return Buffer.concat([
    Buffer.from('PK\x03\x04\x14\x00\x00\x00', 'latin1'),
    Buffer.alloc(30),
    Buffer.from('PK\x05\x06', 'latin1'),
    Buffer.alloc(18),
  ]);
}
