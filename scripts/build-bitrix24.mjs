// npm run build:bitrix24: the installable Bitrix24 application.
//
//   dist-bitrix24/index.html     the app page and the handler of the "Profile" tabs (app/bitrix24/)
//   dist-bitrix24/install.html   the same page, opened by the portal as the install wizard
//   dist-bitrix24/app.js, app.css, chunks/*.js (chart.js stays a lazy chunk; scripts/bundle.mjs)
//   dist-bitrix24/crm-profile-bitrix24.zip   what a portal admin uploads
//
// Archive layout, per the Bitrix24 REST docs (bitrix24/b24restdocs):
// - local-integrations/static-local-app.md: "Place the index.html file in the root of the ZIP
//   archive … You can add CSS, JavaScript, images, and other files … using relative paths."
// - settings/app-installation/local-apps/installation-master.md: for a static app "Bitrix24 uses
//   the install.html file from the solution archive as the URL for the installation wizard … If
//   install.html is not present … Bitrix24 … immediately accesses index.html". The app binds its
//   tabs and calls installFinish from the wizard, so install.html must be there.
//
// The zip is written here (node:zlib crc32 + deflateRawSync, ~100 lines) and read back to check it.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, posix, relative, sep } from 'node:path';
import { Buffer } from 'node:buffer';
import { crc32, deflateRawSync, gzipSync, inflateRawSync } from 'node:zlib';
import { BITRIX24_APP, bundle } from './bundle.mjs';

const SRC = 'app/bitrix24';
const OUT = BITRIX24_APP.dir;
const ZIP_NAME = 'crm-profile-bitrix24.zip';

rmSync(OUT, { recursive: true, force: true });
mkdirSync(OUT, { recursive: true });

// Bundled as the CDN bundle is (scripts/bundle.mjs); chart.js and the overlays stay lazy chunks.
await bundle(BITRIX24_APP.input, { dir: OUT, sourcemap: false });

const template = readFileSync(`${SRC}/index.html`, 'utf8');
const page = template.replace('src="./app.ts"', 'src="./app.js"');
if (page === template) throw new Error(`${SRC}/index.html: expected <script type="module" src="./app.ts">`);
writeFileSync(join(OUT, 'index.html'), page);
writeFileSync(join(OUT, 'install.html'), page);
copyFileSync(`${SRC}/app.css`, join(OUT, 'app.css'));

// ---------------------------------------------------------------------------------------------
// Zip (PKWARE APPNOTE 6.3.x: local headers, central directory, end of central directory; no
// zip64, no data descriptors). Entries are deflated unless storing is smaller.

/** MS-DOS date and time of a Date (local fields, 2-second resolution, 1980 at the earliest). */
function dosDateTime(d) {
  const year = Math.max(1980, d.getFullYear());
  return {
    time: (d.getHours() << 11) | (d.getMinutes() << 5) | (d.getSeconds() >> 1),
    date: ((year - 1980) << 9) | ((d.getMonth() + 1) << 5) | d.getDate(),
  };
}

/** @param {{ name: string, data: Buffer }[]} files @param {Date} when */
export function writeZip(files, when) {
  const { time, date } = dosDateTime(when);
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const { name, data } of files) {
    const nameBytes = Buffer.from(name, 'utf8');
    const crc = crc32(data);
    const deflated = deflateRawSync(data, { level: 9 });
    const store = deflated.length >= data.length;
    const body = store ? data : deflated;
    const method = store ? 0 : 8;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0); // local file header signature
    local.writeUInt16LE(20, 4); // version needed: 2.0 (deflate)
    local.writeUInt16LE(0x0800, 6); // flags: bit 11 = UTF-8 names
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(time, 10);
    local.writeUInt16LE(date, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    local.writeUInt16LE(0, 28); // extra field length
    locals.push(local, nameBytes, body);

    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0); // central directory header signature
    central.writeUInt16LE((3 << 8) | 20, 4); // made by: UNIX, 2.0 (so the mode below is read)
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt16LE(time, 12);
    central.writeUInt16LE(date, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt16LE(0, 30); // extra
    central.writeUInt16LE(0, 32); // comment
    central.writeUInt16LE(0, 34); // disk number start
    central.writeUInt16LE(0, 36); // internal attributes
    central.writeUInt32LE((0o100644 << 16) >>> 0, 38); // external attributes: regular file, rw-r--r--
    central.writeUInt32LE(offset, 42); // offset of the local header
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + body.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); // end of central directory signature
  end.writeUInt16LE(0, 4); // this disk
  end.writeUInt16LE(0, 6); // disk with the central directory
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  end.writeUInt16LE(0, 20); // comment length
  if (files.length > 0xffff || offset > 0xffffffff) throw new Error('zip64 would be needed');
  return Buffer.concat([...locals, cd, end]);
}

/** Reads a zip written by writeZip back through its central directory; checks every CRC. */
export function readZip(zip) {
  const eocd = zip.length - 22;
  if (eocd < 0 || zip.readUInt32LE(eocd) !== 0x06054b50) throw new Error('no end of central directory record');
  const count = zip.readUInt16LE(eocd + 10);
  const cdSize = zip.readUInt32LE(eocd + 12);
  let p = zip.readUInt32LE(eocd + 16);
  if (p + cdSize !== eocd) throw new Error('central directory does not end where the end record starts');
  const entries = [];
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(p) !== 0x02014b50) throw new Error(`central header ${i}: bad signature`);
    const method = zip.readUInt16LE(p + 10);
    const crc = zip.readUInt32LE(p + 16);
    const csize = zip.readUInt32LE(p + 20);
    const size = zip.readUInt32LE(p + 24);
    const nameLen = zip.readUInt16LE(p + 28);
    const skip = zip.readUInt16LE(p + 30) + zip.readUInt16LE(p + 32);
    const at = zip.readUInt32LE(p + 42);
    const name = zip.subarray(p + 46, p + 46 + nameLen).toString('utf8');
    p += 46 + nameLen + skip;
    if (zip.readUInt32LE(at) !== 0x04034b50) throw new Error(`${name}: bad local header signature`);
    const localName = zip.subarray(at + 30, at + 30 + zip.readUInt16LE(at + 26)).toString('utf8');
    if (localName !== name) throw new Error(`${name}: local header names ${localName}`);
    const start = at + 30 + zip.readUInt16LE(at + 26) + zip.readUInt16LE(at + 28);
    const body = zip.subarray(start, start + csize);
    const data = method === 8 ? inflateRawSync(body) : method === 0 ? Buffer.from(body) : undefined;
    if (!data) throw new Error(`${name}: unknown method ${method}`);
    if (data.length !== size) throw new Error(`${name}: ${data.length} bytes, expected ${size}`);
    if (crc32(data) !== crc) throw new Error(`${name}: CRC mismatch`);
    entries.push({ name, method, size, csize, data });
  }
  return entries;
}

function listFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    return e.isDirectory() ? listFiles(path) : [path];
  });
}

const names = listFiles(OUT)
  .map((f) => relative(OUT, f).split(sep).join(posix.sep))
  .filter((n) => n !== ZIP_NAME)
  // index.html first (the page Bitrix24 opens), then the rest in a stable order.
  .sort((a, b) => (a === 'index.html' ? -1 : b === 'index.html' ? 1 : a.localeCompare(b)));
const files = names.map((name) => ({ name, data: readFileSync(join(OUT, name)) }));
// SOURCE_DATE_EPOCH (seconds) makes the archive reproducible.
const when = process.env.SOURCE_DATE_EPOCH ? new Date(Number(process.env.SOURCE_DATE_EPOCH) * 1000) : new Date();
const zipPath = join(OUT, ZIP_NAME);
writeFileSync(zipPath, writeZip(files, when));

// ---------------------------------------------------------------------------------------------
// Self-check: read the archive back, compare every entry with its file; `unzip -t` when present.

const zip = readFileSync(zipPath);
const entries = readZip(zip);
if (entries.length !== files.length) throw new Error(`zip holds ${entries.length} entries, expected ${files.length}`);
for (const [i, e] of entries.entries()) {
  if (e.name !== files[i].name || !e.data.equals(files[i].data)) throw new Error(`zip entry ${e.name} differs from ${files[i].name}`);
}
for (const required of ['index.html', 'install.html', 'app.js']) {
  if (!entries.some((e) => e.name === required)) throw new Error(`zip: ${required} missing at the root`);
}
const html = entries.find((e) => e.name === 'index.html').data.toString('utf8');
for (const ref of html.matchAll(/(?:src|href)="\.\/([^"]+)"/g)) {
  if (!entries.some((e) => e.name === ref[1])) throw new Error(`index.html refers to ${ref[1]}, which is not in the zip`);
}
const chunkRefs = [...entries.find((e) => e.name === 'app.js').data.toString('utf8').matchAll(/["'](\.\/chunks\/[^"']+\.js)["']/g)].map((m) => m[1].slice(2));
for (const c of chunkRefs) if (!entries.some((e) => e.name === c)) throw new Error(`app.js imports ${c}, which is not in the zip`);

let unzipCheck = 'unzip not installed: skipped';
try {
  const out = execFileSync('unzip', ['-tq', zipPath], { encoding: 'utf8' }).trim();
  unzipCheck = `unzip -tq: ${out}`;
} catch (e) {
  if (e.code !== 'ENOENT') throw new Error(`unzip -t failed: ${e.stdout ?? ''}${e.stderr ?? ''}`);
}

const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
console.log(`${zipPath}: ${kib(statSync(zipPath).size)} (${statSync(zipPath).size} bytes), ${entries.length} files`);
for (const e of entries) {
  console.log(`  ${e.name.padEnd(34)} ${kib(e.size).padStart(10)}  ${e.method === 8 ? 'deflated' : 'stored  '} ${kib(e.csize).padStart(10)}`);
}
const app = readFileSync(join(OUT, 'app.js'));
console.log(`app.js: ${kib(app.length)}, ${kib(gzipSync(app).length)} gzip; lazy chunks: ${chunkRefs.length ? chunkRefs.join(', ') : 'none'}`);
console.log(unzipCheck);
