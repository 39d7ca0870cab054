// Comparison figure for bench/bench_intake's BM_ParseMime: node mailparser's
// simpleParser (which decodes every attachment into a Buffer) plus a sha256
// of each attachment, over the same sample mails, repeated for ~5 s.
//
// Run from the repository root (node_modules/ is git-ignored; do not commit it):
//   npm install --no-save mailparser && node scripts/bench_mailparser.mjs
// Optional: node scripts/bench_mailparser.mjs SECONDS   (default 5)
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { simpleParser } from 'mailparser';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const seconds = Number(process.argv[2] ?? 5);

function mailsIn(dir) {
  let names;
  try {
    names = readdirSync(dir).sort();
  } catch {
    return [];
  }
  return names
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isFile())
    .map((path) => readFileSync(path));
}

const mails = [
  ...mailsIn(join(root, 'samples/maildir/new')),
  ...mailsIn(join(root, 'samples/maildir/cur')),
];
if (mails.length === 0) {
  console.error('no mails under samples/maildir/{new,cur}');
  process.exit(1);
}
const totalBytes = mails.reduce((sum, m) => sum + m.length, 0);

async function parseAll() {
  let attachments = 0;
  for (const raw of mails) {
    const mail = await simpleParser(raw);
    for (const a of mail.attachments) {
      createHash('sha256').update(a.content).digest('hex');
      ++attachments;
    }
  }
  return attachments;
}

const attachmentsPerRound = await parseAll();  // warm-up, not timed
let rounds = 0;
const start = process.hrtime.bigint();
let elapsed = 0;
while (elapsed < seconds) {
  await parseAll();
  ++rounds;
  elapsed = Number(process.hrtime.bigint() - start) / 1e9;
}

const mb = (rounds * totalBytes) / (1024 * 1024);
const { version } = createRequire(import.meta.url)('mailparser/package.json');
console.log(`mailparser ${version} on node ${process.version}`);
console.log(`${mails.length} mails, ${(totalBytes / (1024 * 1024)).toFixed(2)} MiB, ` +
            `${attachmentsPerRound} attachments per round`);
console.log(`${rounds} rounds in ${elapsed.toFixed(2)} s: ` +
            `${(mb / elapsed).toFixed(1)} MiB/s, ` +
            `${((rounds * mails.length) / elapsed).toFixed(1)} mails/s, ` +
            `${((elapsed * 1000) / rounds).toFixed(1)} ms per round`);
