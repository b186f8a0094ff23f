/**
 * Deterministic demo data for the embedded demo source (SPEC §4, §7): contacts, companies, deals,
 * invoices and activities shaped like a Bitrix24 portal's, generated from a seed.
 *
 * Pure TypeScript (no DOM, no `Date.now()`, no `Math.random()`): the same options always give a
 * byte-identical `JSON.stringify(dataset)`. All instants are whole seconds, ≤ `now`, except invoice
 * due dates, which may lie in the future (an open invoice that is not yet due).
 *
 * Record order: deals, invoices and activities are each sorted by `createdAt` and get ids "1", "2",
 * … in that order, as a real CRM's ids grow with time. This includes the `heavy` client's records,
 * which are interleaved with everyone else's. Optional fields (`closedAt`, `paidAt`, `companyId`…)
 * are absent, never `undefined`, when they do not apply.
 */
import { DEMO_NOW } from './now.js';
import type {
  Activity,
  Channel,
  Client,
  ClientRef,
  ClientType,
  Deal,
  DealSemantic,
  Direction,
  Instant,
  Invoice,
  InvoiceSemantic,
  Money,
  Person,
  ReferenceData,
  Stage,
} from '../../core/model.js';

/**
 * A deal with its client bindings. The first contact id is the primary contact. `contactIds` is
 * frozen and may be shared with other deals of the same contact: do not mutate it.
 */
export interface DemoDeal extends Deal {
  readonly contactIds: readonly string[];
  readonly companyId?: string;
}

/** An invoice with its client bindings (copied from its deal's primary contact and company). */
export interface DemoInvoice extends Invoice {
  readonly contactId?: string;
  readonly companyId?: string;
}

/**
 * An activity with its direct client bindings. An activity may also reach a client only through
 * `dealIds`. Binding arrays may be shared between records and are frozen: do not mutate them.
 */
export interface DemoActivity extends Activity {
  readonly contactIds: readonly string[];
  readonly companyIds: readonly string[];
}

/** Options of {@link generateDemoData}. */
export interface DemoOptions {
  /** PRNG seed (default 1). */
  seed?: number;
  /** The "current" instant of the dataset (default `Date.UTC(2026, 10, 26, 12)`; never the clock). */
  now?: Instant;
  /** Number of contacts (default 60). */
  contacts?: number;
  /** Number of companies (default 20). */
  companies?: number;
  /** How many years of history before `now` (default 2). */
  years?: number;
  /**
   * Gives ONE existing client exactly `activities` activities and `deals` deals (counting every
   * record that reaches it, directly or through its deals), for benchmarks. Its deals are bound to
   * it alone, and no other client's record reaches it.
   */
  heavy?: { client: ClientRef; activities: number; deals: number };
}

/** Everything the demo source serves. */
export interface DemoDataset {
  readonly seed: number;
  readonly now: Instant;
  readonly clients: readonly Client[];
  readonly deals: readonly DemoDeal[];
  readonly invoices: readonly DemoInvoice[];
  readonly activities: readonly DemoActivity[];
  readonly reference: ReferenceData;
}

/**
 * A small seeded PRNG (mulberry32): returns a function giving floats in [0, 1).
 * Same seed, same sequence, in every engine.
 */
export function createRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// ---------------------------------------------------------------------------------------------
// Static reference data

const BASE_URL = 'https://demo.crm.example';
const SEC = 1000;
const DAY = 86_400_000;
const NO_IDS: readonly string[] = Object.freeze([]);

const MANAGERS: readonly Person[] = [
  { id: '1', name: 'Sophie Laurent' },
  { id: '7', name: 'James Carter' },
  { id: '12', name: 'Ольга Смирнова' },
  { id: '15', name: 'Marc Lefèvre' },
  { id: '21', name: 'Emily Turner' },
];

const PIPELINES = [
  { id: '0', name: 'Sales' },
  { id: '1', name: 'Partners' },
  { id: '2', name: 'Tenders' },
] as const;

type StageDef = readonly [code: string, name: string, semantic: DealSemantic];
const PIPELINE_STAGES: readonly (readonly StageDef[])[] = [
  [
    ['NEW', 'New', 'open'],
    ['PREPARATION', 'Preparing documents', 'open'],
    ['PREPAYMENT_INVOICE', 'Invoice', 'open'],
    ['EXECUTING', 'In progress', 'open'],
    ['FINAL_INVOICE', 'Final invoice', 'open'],
    ['WON', 'Deal won', 'won'],
    ['LOSE', 'Deal lost', 'lost'],
    ['APOLOGY', 'Analyze failure', 'lost'],
  ],
  [
    ['NEW', 'Partner request', 'open'],
    ['PREPARATION', 'Qualification', 'open'],
    ['EXECUTING', 'Onboarding', 'open'],
    ['WON', 'Partner signed', 'won'],
    ['LOSE', 'Rejected', 'lost'],
  ],
  [
    ['NEW', 'Tender announced', 'open'],
    ['PREPARATION', 'Bid preparation', 'open'],
    ['PREPAYMENT_INVOICE', 'Bid submitted', 'open'],
    ['EXECUTING', 'Contract execution', 'open'],
    ['WON', 'Tender won', 'won'],
    ['LOSE', 'Tender lost', 'lost'],
    ['APOLOGY', 'Withdrawn', 'lost'],
  ],
];

interface PipelineStages {
  readonly open: readonly Stage[];
  readonly won: Stage;
  readonly lost: readonly Stage[];
}

const DEAL_STAGES: Stage[] = [];
const STAGES_BY_PIPELINE: PipelineStages[] = PIPELINE_STAGES.map((defs, p) => {
  const prefix = p === 0 ? '' : `C${p}:`;
  const stages = defs.map(
    ([code, name, semantic]): Stage => ({ id: prefix + code, pipelineId: String(p), kind: 'deal', name, semantic }),
  );
  DEAL_STAGES.push(...stages);
  return {
    open: stages.filter((s) => s.semantic === 'open'),
    won: stages.find((s) => s.semantic === 'won')!,
    lost: stages.filter((s) => s.semantic === 'lost'),
  };
});

const PIPELINE_WEIGHTS = [0.65, 0.85, 1];
const HEAVY_PIPELINE_WEIGHTS = [0.7, 0.9, 1];

const INVOICE_NEW: Stage = { id: 'DT31_1:N', kind: 'invoice', name: 'New', semantic: 'open' };
const INVOICE_SENT: Stage = { id: 'DT31_1:S', kind: 'invoice', name: 'Sent to client', semantic: 'open' };
const INVOICE_PAID: Stage = { id: 'DT31_1:P', kind: 'invoice', name: 'Paid', semantic: 'paid' };
const INVOICE_DECLINED: Stage = { id: 'DT31_1:D', kind: 'invoice', name: 'Declined', semantic: 'declined' };

/** code, minor-unit exponent, units per 1 EUR (to scale amounts), EUR per unit (the published rate). */
const CURRENCIES = [
  ['EUR', 2, 1, '1'],
  ['USD', 2, 1.16, '0.8621'],
  ['GBP', 2, 0.88, '1.1364'],
  ['RUB', 2, 94, '0.010638'],
  ['JPY', 0, 180, '0.005556'],
  ['KWD', 3, 0.356, '2.809'],
] as const;
const EUR = 0, USD = 1, GBP = 2, RUB = 3, JPY = 4, KWD = 5; // indexes in CURRENCIES

type Locale = 0 | 1 | 2; // fr, en, ru
/** Currencies per locale with cumulative weights (JPY and KWD are drawn separately, as export deals). */
const LOCALE_CURRENCIES: readonly (readonly number[])[] = [[EUR, USD, GBP], [GBP, EUR, USD], [RUB, EUR, USD]];
const LOCALE_CURRENCY_WEIGHTS: readonly (readonly number[])[] = [[0.9, 0.96, 1], [0.35, 0.75, 1], [0.5, 0.85, 1]];

const FIRST_NAMES: readonly (readonly string[])[] = [
  ['Camille', 'Julien', 'Sophie', 'Antoine', 'Claire', 'Thomas', 'Élodie', 'Nicolas', 'Manon', 'Pierre', 'Chloé', 'Mathieu', 'Léa', 'Olivier', 'Inès', 'François'],
  ['Oliver', 'Emma', 'James', 'Charlotte', 'William', 'Amelia', 'Harry', 'Sophia', 'George', 'Grace', 'Jack', 'Emily', 'Daniel', 'Olivia', 'Samuel', 'Hannah'],
];
const LAST_NAMES: readonly (readonly string[])[] = [
  ['Martin', 'Bernard', 'Dubois', 'Durand', 'Lefèvre', 'Moreau', 'Laurent', 'Girard', 'Roux', 'Fournier', 'Mercier', 'Blanc', 'Garnier', 'Faure', 'Chevalier', 'Rousseau'],
  ['Smith', 'Johnson', 'Taylor', 'Brown', 'Wilson', 'Davies', 'Evans', 'Thompson', 'Walker', 'Wright', 'Robinson', 'Clarke', 'Hughes', 'Green', 'Hall', 'Turner'],
];
/** Russian names: Cyrillic and transliteration; female forms of surnames add "а" / "a". */
const RU_MALE: readonly (readonly [string, string])[] = [['Алексей', 'aleksey'], ['Дмитрий', 'dmitry'], ['Сергей', 'sergey'], ['Иван', 'ivan'], ['Михаил', 'mikhail'], ['Андрей', 'andrey'], ['Николай', 'nikolay'], ['Павел', 'pavel']];
const RU_FEMALE: readonly (readonly [string, string])[] = [['Анна', 'anna'], ['Ольга', 'olga'], ['Екатерина', 'ekaterina'], ['Мария', 'maria'], ['Наталья', 'natalya'], ['Татьяна', 'tatyana'], ['Елена', 'elena'], ['Ирина', 'irina']];
const RU_LAST: readonly (readonly [string, string])[] = [['Иванов', 'ivanov'], ['Смирнов', 'smirnov'], ['Кузнецов', 'kuznetsov'], ['Попов', 'popov'], ['Соколов', 'sokolov'], ['Лебедев', 'lebedev'], ['Козлов', 'kozlov'], ['Новиков', 'novikov'], ['Морозов', 'morozov'], ['Волков', 'volkov'], ['Соловьёв', 'solovyov'], ['Васильев', 'vasilyev'], ['Зайцев', 'zaytsev'], ['Павлов', 'pavlov'], ['Семёнов', 'semyonov'], ['Голубев', 'golubev']];

const POSITIONS: readonly (readonly string[])[] = [
  ['Gérant', 'Responsable des achats', 'Chef de projet', 'Responsable marketing', 'Responsable informatique', 'Comptable', 'Directeur commercial', 'Responsable logistique'],
  ['Chief Executive Officer', 'Sales Director', 'Procurement Manager', 'Head of IT', 'Marketing Manager', 'Office Manager', 'Finance Director', 'Operations Manager'],
  ['Генеральный директор', 'Менеджер по закупкам', 'Коммерческий директор', 'Главный бухгалтер', 'Руководитель проекта', 'Начальник отдела ИТ', 'Маркетолог', 'Логист'],
];

/** Phone number formats per locale (see `phone`); FR and UK numbers are in the ranges reserved for fiction (ARCEP, Ofcom). */
const MOBILES = ['+33 6 39 98 ## ##', '+44 7700 900###', '+7 9## ###-##-##'] as const;
const LANDLINES = ['+33 1 99 00 ## ##', '+44 20 7946 0###', '+7 495 ###-##-##'] as const;

/** name, domain slug, industry, locale. */
const COMPANY_POOL: readonly (readonly [string, string, string, Locale])[] = [
  ['Lumière Conseil SAS', 'lumiere-conseil', 'Consulting', 0],
  ['Atelier Dubois & Fils', 'atelier-dubois', 'Manufacturing', 0],
  ['Groupe Méridien SA', 'groupe-meridien', 'Finance', 0],
  ['Transports Garnier SARL', 'transports-garnier', 'Logistics', 0],
  ['Vignobles de Provence', 'vignobles-provence', 'Food & beverage', 0],
  ['Boulangeries Roux', 'boulangeries-roux', 'Retail', 0],
  ['Solutions Horizon SAS', 'solutions-horizon', 'Information technology', 0],
  ['Clinique Saint-Louis', 'clinique-saint-louis', 'Healthcare', 0],
  ['BTP Fournier SARL', 'btp-fournier', 'Construction', 0],
  ['Agence Papillon', 'agence-papillon', 'Marketing', 0],
  ['Imprimerie Chevalier', 'imprimerie-chevalier', 'Printing', 0],
  ['Énergies du Rhône SA', 'energies-rhone', 'Energy', 0],
  ['Northwind Traders Ltd', 'northwind-traders', 'Retail', 1],
  ['Bluebird Logistics Ltd', 'bluebird-logistics', 'Logistics', 1],
  ['Harbour & Vale LLP', 'harbour-vale', 'Consulting', 1],
  ['Crestline Software Ltd', 'crestline-software', 'Information technology', 1],
  ['Oakridge Manufacturing plc', 'oakridge-mfg', 'Manufacturing', 1],
  ['Greenfield Foods Ltd', 'greenfield-foods', 'Food & beverage', 1],
  ['Brightwater Health', 'brightwater-health', 'Healthcare', 1],
  ['Kingsbridge Capital', 'kingsbridge-capital', 'Finance', 1],
  ['Redbrick Construction Ltd', 'redbrick-construction', 'Construction', 1],
  ['Silverline Telecom', 'silverline-telecom', 'Telecommunications', 1],
  ['Thornbury Academy Trust', 'thornbury-academy', 'Education', 1],
  ['Copperleaf Media', 'copperleaf-media', 'Marketing', 1],
  ['ООО «Северный ветер»', 'severny-veter', 'Logistics', 2],
  ['АО «Техностиль»', 'tekhnostil', 'Manufacturing', 2],
  ['ООО «Волга-Софт»', 'volga-soft', 'Information technology', 2],
  ['ООО «Уральские самоцветы»', 'ural-gems', 'Retail', 2],
  ['ПАО «СибЭнерго»', 'sibenergo', 'Energy', 2],
  ['ООО «Балтийская строительная компания»', 'baltstroy', 'Construction', 2],
  ['ООО «МЦ Здоровье»', 'mc-zdorovie', 'Healthcare', 2],
  ['АО «Финансовый дом Профит»', 'fd-profit', 'Finance', 2],
  ['ООО «Связьинвест-Телеком»', 'svyazinvest-telecom', 'Telecommunications', 2],
  ['ООО «Кондитерская фабрика Заря»', 'konditer-zarya', 'Food & beverage', 2],
  ['ООО «Консалт Плюс»', 'konsalt-plus', 'Consulting', 2],
  ['ООО «Типография Огонёк»', 'tipografia-ogonyok', 'Printing', 2],
];

const DEAL_TOPICS: readonly (readonly string[])[] = [
  ['CRM licence renewal', 'Website redesign', 'Office equipment supply', 'Consulting retainer', 'Annual maintenance contract', 'Staff training programme', 'Cloud migration', 'Logistics services', 'Marketing campaign', 'Hardware upgrade', 'Spare parts order', 'Software development'],
  ['Reseller agreement', 'Referral partnership', 'Co-marketing programme', 'Integration partnership', 'Distribution agreement'],
  ['Tender: IT infrastructure', 'RFP: facility management', 'Tender: fleet vehicles', 'Call for bids: data centre', 'Tender: office renovation'],
];

/** Channel table: Bitrix24 provider id, weight, % in, % out (the rest is "none"), subjects by direction. */
interface ChannelSpec {
  readonly channel: Channel;
  readonly provider: string;
  readonly weight: number;
  readonly pctIn: number;
  readonly pctOut: number;
  /** Share completed among activities of the last 3 days (older ones: 96 %). */
  readonly recentDone: number;
  readonly subjects: Readonly<Record<Direction, readonly string[]>>;
}
/** Rows of {@link ChannelSpec}: channel, provider, weight, pctIn, pctOut, recentDone, then the in, out and none subjects. */
type ChannelRow = readonly [Channel, string, number, number, number, number, readonly string[], readonly string[], readonly string[]];
const CHANNEL_ROWS: readonly ChannelRow[] = [
  ['call', 'VOXIMPLANT_CALL', 24, 45, 55, 0.9,
    ['Incoming call', 'Incoming call: question about the invoice', 'Incoming call: delivery status', 'Incoming call: request for a quote'],
    ['Outgoing call', 'Follow-up call', 'Call to discuss the proposal', 'Call: contract renewal', 'Callback after missed call'],
    []],
  ['email', 'CRM_EMAIL', 24, 50, 50, 0.85,
    ['Re: Commercial proposal', 'Request for quotation', 'Question about the invoice', 'Re: Meeting notes', 'Signed contract attached'],
    ['Commercial proposal', 'Invoice and payment details', 'Meeting follow-up', 'Contract draft for review', 'Product catalogue 2026'],
    []],
  ['meeting', 'CRM_MEETING', 7, 0, 0, 0.5,
    [],
    [],
    ['Kick-off meeting', 'Product demo', 'Quarterly business review', 'Contract negotiation', 'On-site visit']],
  ['chat', 'IMOPENLINES_SESSION', 12, 85, 15, 0.7,
    ['Open Channel: WhatsApp', 'Open Channel: Telegram', 'Live chat from the website', 'Open Channel: Facebook Messenger'],
    ['Open Channel: follow-up message'],
    []],
  ['sms', 'CRM_SMS', 5, 15, 85, 1,
    ['SMS reply'],
    ['SMS: meeting reminder', 'SMS: payment reminder', 'SMS: delivery notification'],
    []],
  ['webform', 'CRM_WEBFORM', 4, 100, 0, 0.8,
    ['Web form: Contact us', 'Web form: Request a demo', 'Web form: Price request', 'Web form: Newsletter sign-up'],
    [],
    []],
  ['task', 'CRM_TASKS_TASK', 8, 0, 0, 0.4,
    [],
    [],
    ['Prepare commercial proposal', 'Send contract for signature', 'Check payment', 'Prepare tender documentation', 'Update client requisites']],
  ['todo', 'CRM_TODO', 12, 0, 0, 0.4,
    [],
    [],
    ['Call back the client', 'Send the quote', 'Follow up on the invoice', 'Schedule a demo', 'Confirm delivery date']],
  ['other', 'REST_APP', 4, 20, 20, 0.9,
    ['Document signed via e-signature'],
    ['Document sent for e-signature'],
    ['Event from a REST application', 'Video meeting recording']],
];
const CHANNEL_SPECS: readonly ChannelSpec[] = CHANNEL_ROWS.map(([channel, provider, weight, pctIn, pctOut, recentDone, inbound, out, none]) => (
  { channel, provider, weight, pctIn, pctOut, recentDone, subjects: { in: inbound, out, none } }
));
const CHANNEL_CUMULATIVE: readonly number[] = (() => {
  const total = CHANNEL_SPECS.reduce((s, c) => s + c.weight, 0);
  let acc = 0;
  return CHANNEL_SPECS.map((c) => (acc += c.weight / total));
})();

// ---------------------------------------------------------------------------------------------
// Generation

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

interface Ctx {
  readonly type: ClientType;
  readonly id: string;
  readonly locale: Locale;
  readonly name: string;
  readonly responsible: Person;
  readonly company: Ctx | undefined;
  readonly employees: Ctx[];
  /** E-mail domain (companies only). */
  readonly domain: string;
  /** Frozen `[id]`, shared by every record bound directly to this client. */
  readonly self: readonly string[];
  readonly deals: DealMeta[];
  readonly heavy: boolean;
  readonly rich: boolean;
}

/** What pass 1 decides about a deal: who it is for, and forced outcomes for the showcase clients. */
interface DealSpec {
  readonly owner: Ctx;
  readonly contactIds: readonly string[];
  readonly company: Ctx | undefined;
  readonly semantic?: DealSemantic;
  readonly closedAt?: Instant;
}

interface DealMeta {
  readonly deal: DemoDeal;
  /** Frozen `[deal.id]`, shared as `dealIds` by the deal's activities. */
  readonly ids: readonly string[];
  /** Latest instant an activity about this deal may have. */
  readonly end: Instant;
}

/** Weighted uniform helpers around one PRNG; methods, not per-record closures. */
class Rng {
  constructor(readonly next: () => number) {}
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  /** Index into a cumulative-weight array. */
  cumulative(cum: readonly number[]): number {
    const u = this.next();
    let i = 0;
    while (i < cum.length - 1 && u >= cum[i]!) i++;
    return i;
  }
}

const plain = (s: string): string => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();

/** Generates the demo dataset. Deterministic: same options, byte-identical JSON. */
const generated = new WeakSet<DemoDataset>();

/** Whether `data` is what `generateDemoData` made (so well-formed by construction). */
export const isGenerated = (data: DemoDataset): boolean => generated.has(data);

export function generateDemoData(options: DemoOptions = {}): DemoDataset {
  const data = generate(options);
  generated.add(data);
  return data;
}

function generate(options: DemoOptions): DemoDataset {
  const seed = options.seed ?? 1;
  const now = Math.floor(options.now ?? DEMO_NOW);
  const contactCount = options.contacts ?? 60;
  const companyCount = options.companies ?? 20;
  const years = options.years ?? 2;
  const heavy = options.heavy;
  for (const [name, v] of [['contacts', contactCount], ['companies', companyCount], ['heavy.activities', heavy?.activities ?? 0], ['heavy.deals', heavy?.deals ?? 0]] as const) {
    if (!Number.isInteger(v) || v < 0) throw new RangeError(`generateDemoData: ${name} must be a non-negative integer`);
  }
  if (!(years > 0 && years <= 100)) throw new RangeError('generateDemoData: years must be in (0, 100]');

  const r = new Rng(createRandom(seed));
  const span = Math.round(years * 365 * DAY);
  /** `ms` before now, at whole seconds. */
  const ago = (ms: number): Instant => now - Math.floor(ms / SEC) * SEC;
  /** An instant in [a, b] at whole seconds (a ≤ b). */
  const between = (a: Instant, b: Instant): Instant => a + Math.floor((r.next() * (b - a)) / SEC) * SEC;

  // --- clients ---------------------------------------------------------------------------
  function makeCtx(type: ClientType, id: string, locale: Locale, name: string, responsible: Person, company: Ctx | undefined, domain: string): Ctx {
    const h = heavy?.client.type === type && heavy.client.id === id;
    return { type, id, locale, name, responsible, company, employees: [], domain, self: Object.freeze([id]), deals: [], heavy: h, rich: id === '1' && !h };
  }
  const pool = COMPANY_POOL.slice();
  for (let i = pool.length - 1; i > 0; i--) {
    const j = r.int(i + 1);
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  // Company 1 (the showcase, with contact 1) is French, so that it deals mostly in the base currency.
  const french = pool.findIndex((c) => c[3] === 0);
  [pool[0], pool[french]] = [pool[french]!, pool[0]!];
  const companyClients: Client[] = [];
  const companies: Ctx[] = [];
  for (let i = 0; i < companyCount; i++) {
    const [baseName, baseSlug, industry, locale] = pool[i % pool.length]!;
    const round = Math.floor(i / pool.length);
    const name = round ? `${baseName} ${round + 1}` : baseName;
    const domain = `${round ? `${baseSlug}-${round + 1}` : baseSlug}.example`;
    const id = String(i + 1);
    const ctx = makeCtx('company', id, locale, name, r.pick(MANAGERS), undefined, domain);
    companies.push(ctx);
    companyClients.push({
      type: 'company', id, name,
      emails: r.chance(0.5) ? [`info@${domain}`, `sales@${domain}`] : [`contact@${domain}`],
      phones: [phone(r, LANDLINES[locale])],
      responsible: ctx.responsible, industry, website: `https://www.${domain}`,
      url: `${BASE_URL}/crm/company/details/${id}/`,
    });
  }
  const contacts: Ctx[] = [];
  const contactClients: Client[] = [];
  const usedNames = new Set<string>();
  for (let i = 0; i < contactCount; i++) {
    const id = String(i + 1);
    const company = companies.length && (i === 0 || r.chance(0.8)) ? (i === 0 ? companies[0]! : r.pick(companies)) : undefined;
    const locale: Locale = company ? (i === 0 || r.chance(0.85) ? company.locale : (r.int(3) as Locale)) : r.chance(0.45) ? 0 : r.chance(0.6) ? 1 : 2;
    let [name, local] = personName(r, locale);
    for (let tries = 0; usedNames.has(name) && tries < 20; tries++) [name, local] = personName(r, locale);
    usedNames.add(name);
    const responsible = company && r.chance(0.7) ? company.responsible : r.pick(MANAGERS);
    const ctx = makeCtx('contact', id, locale, name, responsible, company, '');
    company?.employees.push(ctx);
    contacts.push(ctx);
    const emails = company ? [`${local}@${company.domain}`] : [`${local}@mail.example`];
    if (company && r.chance(0.25)) emails.push(`${local}${r.int(90) + 10}@mail.example`);
    const phones = [phone(r, MOBILES[locale])];
    if (r.chance(0.3)) phones.push(phone(r, LANDLINES[locale]));
    contactClients.push({
      type: 'contact', id, name, emails, phones, responsible,
      position: r.pick(POSITIONS[locale]!),
      ...(company ? { company: { id: company.id, name: company.name } } : {}),
      url: `${BASE_URL}/crm/contact/details/${id}/`,
    });
  }
  // Contacts first, then companies, each by id.
  const clients = [...contactClients, ...companyClients];
  const heavyCtx = heavy && (heavy.client.type === 'contact' ? contacts : companies).find((c) => c.id === heavy.client.id);
  if (heavy && !heavyCtx) throw new RangeError(`generateDemoData: heavy client ${heavy.client.type} ${heavy.client.id} does not exist`);

  // --- deals -----------------------------------------------------------------------------
  // Pass 1 draws each deal's creation instant and spec (owner, bindings); a numeric sort of packed
  // (instant, spec) keys orders them; pass 2 draws the rest and builds the deals in time order with
  // their final ids. Activities do the same below: no sorting of (up to a million) objects.
  const origin = now - Math.ceil(span / SEC) * SEC;
  const specs: DealSpec[] = [];
  const dealTimes: number[] = [];
  const dealSpecs: number[] = [];
  /** Creation instants skewed to recent: density ∝ age^(-1/3). */
  const recencyDeal = (): Instant => {
    const u = r.next();
    return ago(span * u * Math.sqrt(u));
  };
  const usable = (c: Ctx | undefined): Ctx | undefined => (c && !c.heavy ? c : undefined);
  function addDeals(spec: DealSpec, createdAt: Instant | undefined, n = 1): void {
    const index = specs.push(spec) - 1;
    for (let k = 0; k < n; k++) {
      dealTimes.push(createdAt ?? recencyDeal());
      dealSpecs.push(index);
    }
  }
  /** Forced recent/old deals so contact 1 and company 1 always look busy and the history spans `years`. */
  function addRichDeals(owner: Ctx, contactIds: readonly string[], company: Ctx | undefined): void {
    const days = (from: number, width: number): Instant => ago((from + width * r.next()) * DAY);
    addDeals({ owner, contactIds, company, semantic: 'won', closedAt: days(5, 10) }, days(40, 10));
    addDeals({ owner, contactIds, company, semantic: 'open' }, days(30, 20));
    addDeals({ owner, contactIds, company, semantic: 'open' }, days(5, 15));
    addDeals({ owner, contactIds, company, semantic: 'lost', closedAt: days(15, 10) }, days(60, 20));
    addDeals({ owner, contactIds, company, semantic: 'won', closedAt: ago(span - (20 + 20 * r.next()) * DAY) }, ago(span - (1 + 5 * r.next()) * DAY));
  }
  for (const c of contacts) {
    if (c.heavy) continue;
    const company = usable(c.company);
    const n = c.rich ? 9 : Math.floor(r.next() * r.next() * 7);
    if (c.rich) addRichDeals(c, c.self, company);
    for (let k = 0; k < n; k++) {
      const mate = company && r.chance(0.2) ? usable(r.pick(company.employees)) : undefined;
      const contactIds = mate && mate !== c ? Object.freeze([c.id, mate.id]) : c.self;
      addDeals({ owner: c, contactIds, company: company && r.chance(0.7) ? company : undefined }, undefined);
    }
  }
  for (const c of companies) {
    if (c.heavy) continue;
    const n = c.rich ? 6 : 1 + r.int(5);
    if (c.rich) addRichDeals(c, NO_IDS, c);
    for (let k = 0; k < n; k++) {
      const mate = c.employees.length && r.chance(0.5) ? usable(r.pick(c.employees)) : undefined;
      addDeals({ owner: c, contactIds: mate ? mate.self : NO_IDS, company: c }, undefined);
    }
  }
  if (heavyCtx) {
    const contact = heavyCtx.type === 'contact';
    addDeals({ owner: heavyCtx, contactIds: contact ? heavyCtx.self : NO_IDS, company: contact ? undefined : heavyCtx }, undefined, heavy!.deals);
  }
  const dealKeys = new TimeKeys(origin, span, specs.length);
  const dealOrder = new Float64Array(dealTimes.length);
  for (let k = 0; k < dealTimes.length; k++) dealOrder[k] = dealKeys.key(dealTimes[k]!, dealSpecs[k]!);
  dealOrder.sort();
  const dealMetas: DealMeta[] = new Array<DealMeta>(dealOrder.length);
  for (let i = 0; i < dealOrder.length; i++) {
    const spec = specs[dealKeys.payload(dealOrder[i]!)]!;
    const { owner, contactIds, company } = spec;
    const createdAt = dealKeys.time(dealOrder[i]!);
    const id = String(i + 1);
    const p = r.cumulative(owner.heavy ? HEAVY_PIPELINE_WEIGHTS : PIPELINE_WEIGHTS);
    const stages = STAGES_BY_PIPELINE[p]!;
    const age = now - createdAt;
    const semantic: DealSemantic = spec.semantic ?? (r.chance(age < 30 * DAY ? 0.8 : age < 90 * DAY ? 0.45 : age < 180 * DAY ? 0.2 : 0.06) ? 'open' : r.chance(0.55) ? 'won' : 'lost');
    let closedAt: Instant | undefined;
    if (semantic !== 'open') {
      const duration = Math.floor((3 + 150 * r.next() * r.next()) * DAY);
      closedAt = spec.closedAt ?? (createdAt + duration <= now ? ago(now - createdAt - duration) : between(createdAt, now));
    }
    const stage = semantic === 'open' ? r.pick(stages.open) : semantic === 'won' ? stages.won : r.pick(stages.lost);
    const clientName = company && owner.type === 'contact' && r.chance(0.5) ? company.name : owner.name;
    const deal: Mutable<DemoDeal> = {
      id, title: `${r.pick(DEAL_TOPICS[p]!)} — ${clientName}`, pipelineId: String(p), stageId: stage.id, stageName: stage.name,
      semantic, amount: r.chance(0.07) ? null : dealAmount(r, owner.locale, p), createdAt,
      responsible: r.chance(0.8) ? owner.responsible : r.pick(MANAGERS),
      url: `${BASE_URL}/crm/deal/details/${id}/`, contactIds,
    };
    // Optional fields are set only when present (assigned, not spread: spreads are slow at 100k deals).
    if (closedAt !== undefined) deal.closedAt = closedAt;
    if (company) deal.companyId = company.id;
    const meta: DealMeta = { deal, ids: Object.freeze([id]), end: Math.min(now, (closedAt ?? now) + 10 * DAY) };
    dealMetas[i] = meta;
    for (const contactId of contactIds) contacts[Number(contactId) - 1]!.deals.push(meta);
    company?.deals.push(meta);
  }

  // --- invoices --------------------------------------------------------------------------
  const drafts: Mutable<DemoInvoice>[] = [];
  const DUE_DAYS = [7, 14, 14, 30, 30, 45];
  function addInvoice(deal: DemoDeal, amount: Money, createdAt: Instant): void {
    createdAt = Math.min(createdAt, now);
    const dueAt = createdAt + r.pick(DUE_DAYS) * DAY;
    const u = r.next();
    const target: InvoiceSemantic =
      deal.semantic === 'won' ? (u < 0.86 ? 'paid' : u < 0.95 ? 'open' : 'declined')
      : deal.semantic === 'open' ? (u < 0.45 ? 'paid' : u < 0.95 ? 'open' : 'declined')
      : u < 0.75 ? 'declined' : 'open';
    let paidAt: Instant | undefined;
    if (target === 'paid') {
      paidAt = r.chance(0.25) ? between(dueAt + DAY, dueAt + 40 * DAY) : between(createdAt + 3600 * SEC, dueAt);
      if (paidAt > now) paidAt = undefined; // not paid yet
    }
    const stage = paidAt !== undefined ? INVOICE_PAID : target === 'declined' ? INVOICE_DECLINED : now - createdAt < 2 * DAY ? INVOICE_NEW : INVOICE_SENT;
    const invoice: Mutable<DemoInvoice> = {
      id: '', title: '', stageId: stage.id, stageName: stage.name, semantic: stage.semantic as InvoiceSemantic,
      amount, createdAt, dueAt, dealId: deal.id, url: '',
    };
    if (paidAt !== undefined) invoice.paidAt = paidAt;
    if (deal.contactIds[0] !== undefined) invoice.contactId = deal.contactIds[0];
    if (deal.companyId !== undefined) invoice.companyId = deal.companyId;
    drafts.push(invoice);
  }
  for (const { deal } of dealMetas) {
    const amount = deal.amount;
    if (!amount) continue;
    const closedAt = deal.closedAt ?? now;
    if (deal.semantic === 'won') {
      const u = r.next();
      if (u < 0.25) {
        const first = Math.round(amount.minor * (r.chance(0.5) ? 0.3 : 0.5));
        addInvoice(deal, { minor: first, currency: amount.currency }, between(deal.createdAt, deal.createdAt + 0.4 * (closedAt - deal.createdAt)));
        addInvoice(deal, { minor: amount.minor - first, currency: amount.currency }, between(closedAt, closedAt + 5 * DAY));
      } else if (u < 0.92) addInvoice(deal, amount, between(deal.createdAt, closedAt));
    } else if (deal.semantic === 'open') {
      const advanced = !deal.stageId.endsWith('NEW') && !deal.stageId.endsWith('PREPARATION');
      if (r.chance(advanced ? 0.7 : 0.1)) addInvoice(deal, amount, between(deal.createdAt, now));
    } else if (r.chance(0.3)) addInvoice(deal, amount, between(deal.createdAt, closedAt));
  }
  // Time order without a comparator over objects of several shapes (see TimeKeys).
  const invoiceKeys = new TimeKeys(origin, span, drafts.length);
  const invoiceOrder = Float64Array.from(drafts, (inv, k) => invoiceKeys.key(inv.createdAt, k)).sort();
  const invoices: DemoInvoice[] = new Array<DemoInvoice>(drafts.length);
  for (let i = 0; i < drafts.length; i++) {
    const inv = drafts[invoiceKeys.payload(invoiceOrder[i]!)]!;
    inv.id = String(i + 1);
    inv.title = `Invoice #${inv.id}`;
    inv.url = `${BASE_URL}/crm/type/31/details/${inv.id}/`;
    invoices[i] = inv;
  }

  // --- activities ------------------------------------------------------------------------
  // Sorted by packed (instant, owner × deal) keys; the payload says which client the activity was
  // drawn for and which of its deals (if any) it is bound to.
  const owners = [...contacts, ...companies].filter((c) => !c.heavy);
  const counts = owners.map((c) =>
    c.type === 'contact' ? (c.rich ? 160 : 4 + Math.floor(36 * r.next() * r.next())) : c.rich ? 140 : 8 + r.int(45),
  );
  if (heavyCtx) {
    owners.push(heavyCtx);
    counts.push(heavy!.activities);
  }
  const pairBase = new Uint32Array(owners.length);
  let pairs = 0;
  for (let o = 0; o < owners.length; o++) {
    pairBase[o] = pairs;
    pairs += 1 + owners[o]!.deals.length;
  }
  const pairOwner = new Uint32Array(pairs);
  for (let o = 0; o < owners.length; o++) pairOwner.fill(o, pairBase[o], pairBase[o]! + 1 + owners[o]!.deals.length);
  const activityKeys = new TimeKeys(origin, span, pairs);
  const order = new Float64Array(counts.reduce((a, b) => a + b, 0));
  for (let o = 0, k = 0; o < owners.length; o++) {
    const c = owners[o]!;
    const n = c.deals.length;
    // The deals' lifetimes as flat arrays: random access into a million objects is cache-hostile.
    const starts = Float64Array.from(c.deals, (m) => m.deal.createdAt);
    const ends = Float64Array.from(c.deals, (m) => m.end);
    for (let end = k + counts[o]!; k < end; k++) {
      const d = n && r.chance(0.72) ? r.int(n) : -1;
      const createdAt = d >= 0
        ? between(starts[d]!, ends[d]!)
        : c.rich && r.chance(0.5) ? ago(r.next() * 90 * DAY) : ago(span * r.next() * r.next());
      order[k] = activityKeys.key(createdAt, pairBase[o]! + 1 + d);
    }
  }
  order.sort();
  const activities: DemoActivity[] = new Array<DemoActivity>(order.length);
  for (let i = 0; i < order.length; i++) {
    const pair = activityKeys.payload(order[i]!);
    const o = pairOwner[pair]!;
    const c = owners[o]!;
    const d = pair - pairBase[o]! - 1;
    const meta = d >= 0 ? c.deals[d]! : undefined;
    const createdAt = activityKeys.time(order[i]!);
    const spec = CHANNEL_SPECS[r.cumulative(CHANNEL_CUMULATIVE)]!;
    const pct = r.next() * 100;
    const direction: Direction = pct < spec.pctIn ? 'in' : pct < spec.pctIn + spec.pctOut ? 'out' : 'none';
    const direct = !meta || r.chance(0.5);
    const alsoCompany = direct && c.type === 'contact' && r.chance(0.3) ? usable(c.company) : undefined;
    const id = String(i + 1);
    activities[i] = {
      id, channel: spec.channel, providerId: spec.provider, direction,
      completed: r.chance(now - createdAt > 3 * DAY ? 0.96 : spec.recentDone),
      createdAt, subject: r.pick(spec.subjects[direction]),
      dealIds: meta ? meta.ids : NO_IDS,
      responsible: r.chance(0.7) ? c.responsible : r.pick(MANAGERS),
      url: `${BASE_URL}/crm/activity/?open_view=${id}`,
      contactIds: direct && c.type === 'contact' ? c.self : NO_IDS,
      companyIds: direct ? (c.type === 'company' ? c.self : alsoCompany ? alsoCompany.self : NO_IDS) : NO_IDS,
    };
  }

  const currencies = CURRENCIES.map(([code]) => code);
  return {
    seed,
    now,
    clients,
    deals: dealMetas.map((m) => m.deal),
    invoices,
    activities,
    reference: {
      pipelines: PIPELINES.map((p) => ({ ...p })),
      stages: [...DEAL_STAGES, INVOICE_NEW, INVOICE_SENT, INVOICE_PAID, INVOICE_DECLINED],
      currencies,
      baseCurrency: 'EUR',
      rates: { base: 'EUR', rates: Object.fromEntries(CURRENCIES.map(([code, , , rate]) => [code, rate])), asOf: now },
    },
  };
}

/**
 * Packs (instant, payload) into one exact double, so that a plain numeric sort of a Float64Array
 * orders records by time (then payload). Instants must be whole seconds after `origin`.
 */
class TimeKeys {
  private readonly scale: number;
  constructor(private readonly origin: Instant, span: number, payloads: number) {
    let scale = 1;
    while (scale <= payloads) scale *= 2;
    this.scale = scale;
    if ((Math.ceil(span / SEC) + 2) * this.scale > Number.MAX_SAFE_INTEGER) {
      throw new RangeError('generateDemoData: too many records for the time span');
    }
  }
  key(t: Instant, payload: number): number {
    return Math.round((t - this.origin) / SEC) * this.scale + payload;
  }
  time(key: number): Instant {
    return this.origin + Math.floor(key / this.scale) * SEC;
  }
  payload(key: number): number {
    return key % this.scale;
  }
}

/**
 * A plausible amount for a deal of a client of `locale` in pipeline `p`, in exact minor units.
 * Only +, ×, ÷ and sqrt are used on random numbers in this module (IEEE-exact everywhere), so the
 * data is the same in every JavaScript engine, not only in V8.
 */
function dealAmount(r: Rng, locale: Locale, p: number): Money {
  const c = r.next();
  const cur = c < 0.03 ? JPY : c < 0.05 ? KWD : LOCALE_CURRENCIES[locale]![r.cumulative(LOCALE_CURRENCY_WEIGHTS[locale]!)]!;
  const currency = CURRENCIES[cur]!;
  const lo = p === 0 ? 300 : p === 1 ? 1_000 : 20_000;
  const hi = p === 0 ? 150_000 : p === 1 ? 40_000 : 800_000;
  const u = r.next();
  const value = (lo + (hi - lo) * u * u * u * u) * currency[2];
  // Round to 3 significant digits (12 300, 4 950 000), then sometimes add odd minor units.
  let step = 1;
  while (value >= 1000 * step) step *= 10;
  const major = Math.max(1, Math.round(value / step) * step);
  const scale = 10 ** currency[1];
  return { minor: major * scale + (scale > 1 && r.chance(0.3) ? r.int(scale) : 0), currency: currency[0] };
}

/** A person's display name and the e-mail local part for it. */
function personName(r: Rng, locale: Locale): [name: string, local: string] {
  if (locale === 2) {
    const female = r.chance(0.5);
    const [first, firstLatin] = r.pick(female ? RU_FEMALE : RU_MALE);
    const [last, lastLatin] = r.pick(RU_LAST);
    return [`${first} ${last}${female ? 'а' : ''}`, `${firstLatin}.${lastLatin}${female ? 'a' : ''}`];
  }
  const first = r.pick(FIRST_NAMES[locale]!);
  const last = r.pick(LAST_NAMES[locale]!);
  return [`${first} ${last}`, plain(`${first}.${last}`)];
}

/** A phone number of `format`, each run of `#` replaced by as many random digits (drawn left to right). */
function phone(r: Rng, format: string): string {
  return format.replace(/#+/g, (run) => String(r.int(10 ** run.length)).padStart(run.length, '0'));
}
