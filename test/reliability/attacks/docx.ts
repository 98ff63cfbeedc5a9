import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import zlib from "node:zlib";

/**
 * Word files that inflate far past their size: a real .docx (content types, package
 * relationships, word/document.xml) whose document part is one paragraph of `inflatedBytes`
 * repeated letters, deflated into ~1/1000 of that. Written as a zip by hand, because the
 * point is the one entry no zip library would build cheaply: 1 GiB is never held in memory,
 * it is deflated 1 MiB at a time.
 */

const CONTENT_TYPES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`;

const PACKAGE_RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`;

const DOCUMENT_HEAD = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>`;
const DOCUMENT_TAIL = `</w:t></w:r></w:p></w:body></w:document>`;

interface Entry {
  name: string;
  compressed: Buffer;
  crc32: number;
  uncompressedSize: number;
}

/** Deflates the parts as one zip entry, a piece at a time (the stream keeps memory bounded). */
async function deflateEntry(name: string, parts: Iterable<Buffer>): Promise<Entry> {
  let crc32 = 0;
  let uncompressedSize = 0;
  const source = Readable.from(
    (function* () {
      for (const part of parts) {
        crc32 = zlib.crc32(part, crc32);
        uncompressedSize += part.length;
        yield part;
      }
    })(),
  );
  const out: Buffer[] = [];
  await pipeline(source, zlib.createDeflateRaw({ level: 9 }), async (deflated: AsyncIterable<Buffer>) => {
    for await (const chunk of deflated) out.push(chunk);
  });
  return { name, compressed: Buffer.concat(out), crc32, uncompressedSize };
}

function* documentParts(inflatedBytes: number): Generator<Buffer> {
  yield Buffer.from(DOCUMENT_HEAD);
  const chunk = Buffer.alloc(1024 * 1024, "a");
  for (let left = inflatedBytes; left > 0; left -= chunk.length)
    yield left >= chunk.length ? chunk : chunk.subarray(0, left);
  yield Buffer.from(DOCUMENT_TAIL);
}

export interface DocxBombOptions {
  /** What word/document.xml's text inflates to. */
  inflatedBytes: number;
  /**
   * Write this as the document part's uncompressed size in both headers instead of the true
   * one: a check that trusts the zip's directory is fooled, so the bound must hold while
   * inflating too.
   */
  declaredSize?: number;
}

export async function docxBomb({ inflatedBytes, declaredSize }: DocxBombOptions): Promise<Buffer> {
  const entries: Entry[] = [
    await deflateEntry("[Content_Types].xml", [Buffer.from(CONTENT_TYPES)]),
    await deflateEntry("_rels/.rels", [Buffer.from(PACKAGE_RELS)]),
    await deflateEntry("word/document.xml", documentParts(inflatedBytes)),
  ];
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, "utf8");
    const size =
      entry.name === "word/document.xml" && declaredSize !== undefined ? declaredSize : entry.uncompressedSize;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed: 2.0 (deflate)
    local.writeUInt16LE(0, 6); // flags
    local.writeUInt16LE(8, 8); // method: deflate
    local.writeUInt16LE(0, 10); // time
    local.writeUInt16LE(0x21, 12); // date: 1980-01-01
    local.writeUInt32LE(entry.crc32 >>> 0, 14);
    local.writeUInt32LE(entry.compressed.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4); // version made by
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt16LE(0, 12);
    central.writeUInt16LE(0x21, 14);
    central.writeUInt32LE(entry.crc32 >>> 0, 16);
    central.writeUInt32LE(entry.compressed.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, entry.compressed);
    centrals.push(central, name);
    offset += local.length + name.length + entry.compressed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}
