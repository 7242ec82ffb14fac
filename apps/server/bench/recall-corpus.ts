/** One generated question and the sentence that answers it (found in exactly one chunk). */
export interface RecallQuestion {
  kind: 'code' | 'paraphrase';
  question: string;
  answer: string;
}

const devices = [
  'conveyor belt',
  'air compressor',
  'cooling tower',
  'boiler',
  'forklift',
  'backup generator',
  'water pump',
  'freight elevator',
  'loading ramp',
  'paint booth',
  'welding robot',
  'packing machine',
  'dust extractor',
  'heat exchanger',
  'cold room',
  'fire pump',
  'label printer',
  'pallet wrapper',
  'sorting line',
  'hydraulic press',
  'vacuum pump',
  'chiller',
  'steam trap',
  'overhead crane',
];
const areas = ['north', 'south', 'east', 'west', 'upper', 'lower', 'old', 'new'];
const places = ['warehouse', 'workshop', 'depot', 'plant', 'yard', 'annex'];
const crews = ['electrical', 'mechanical', 'facilities', 'safety', 'night', 'contractor'];

/** A small deterministic PRNG (mulberry32), so every run generates the same corpus. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Maintenance records: one sentence per (device, site) pair, each with a unique part code, an
 * interval and a crew. Every device appears at many sites and every site has many devices, so a
 * question only has one right answer when it names both, or the code. Questions of two kinds:
 * `code` asks for the exact part code; `paraphrase` names device and site in other words than
 * the record ("how many days between visits" for "serviced every N days").
 */
export function recallCorpus(questionsPerKind: number): { documents: string[]; questions: RecallQuestion[] } {
  const next = random(42);
  const pick = <T>(list: T[]): T => list[Math.floor(next() * list.length)] as T;
  const letters = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
  const codes = new Set<string>();
  const facts: { device: string; site: string; code: string; sentence: string }[] = [];
  for (const area of areas) {
    for (const place of places) {
      const site = `${area} ${place}`;
      for (const device of devices) {
        let code = '';
        while (!code || codes.has(code))
          code = `${pick([...letters])}${pick([...letters])}-${1000 + Math.floor(next() * 9000)}-${pick([...letters])}`;
        codes.add(code);
        const days = 7 + Math.floor(next() * 80);
        const sentence = `The ${device} at the ${site} is fitted with part ${code} and is serviced every ${days} days by the ${pick(crews)} crew.`;
        facts.push({ device, site, code, sentence });
      }
    }
  }
  // Shuffle, then file the records into documents of 48 sentences each.
  for (let i = facts.length - 1; i > 0; i -= 1) {
    const j = Math.floor(next() * (i + 1));
    [facts[i], facts[j]] = [facts[j] as (typeof facts)[number], facts[i] as (typeof facts)[number]];
  }
  const documents: string[] = [];
  for (let start = 0; start < facts.length; start += 48) {
    documents.push(
      facts
        .slice(start, start + 48)
        .map((fact) => fact.sentence)
        .join(' '),
    );
  }
  const questions: RecallQuestion[] = [];
  const stride = Math.max(1, Math.floor(facts.length / questionsPerKind));
  for (let index = 0; index < questionsPerKind; index += 1) {
    const codeFact = facts[(index * stride) % facts.length];
    const paraphraseFact = facts[(index * stride + Math.floor(stride / 2)) % facts.length];
    if (codeFact)
      questions.push({
        kind: 'code',
        question: `which machine takes replacement part ${codeFact.code}?`,
        answer: codeFact.sentence,
      });
    if (paraphraseFact) {
      questions.push({
        kind: 'paraphrase',
        question: `how many days between maintenance visits for the ${paraphraseFact.device} in the ${paraphraseFact.site}`,
        answer: paraphraseFact.sentence,
      });
    }
  }
  return { documents, questions };
}
