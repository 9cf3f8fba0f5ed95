/**
 * The demo city's case history: a few hundred cases filed over the last weeks by the demo
 * citizen (also acting for their enterprise) and other residents, played through the real
 * service (every step audited, with its event and deadline jobs) into every state a case can
 * be in: awaiting acceptance, in review, awaiting the decision, being issued, waiting for a
 * correction, completed, rejected, withdrawn, in joint review, and life-event bundles part way
 * through their departments. Deterministic for the seed.
 *
 * The service honours the payments gate like the real one, so the applicants pay their fees as
 * real applicants would, before the step that needs them (acceptance, or the result's release):
 * through the payments module's service and its sandbox provider, on the history's clock.
 */
import type { ApplicationsApi, CaseViewT } from '../modules/applications/index.ts';
import type { PaymentsApi } from '../modules/payments/index.ts';
import { mergeForms, mergeMaterials, type CatalogService, type ServiceItemData } from '../modules/catalog/index.ts';
import type { Principal } from '../platform/auth.ts';
import { ManualClock } from '../platform/clock.ts';
import { createRng, type Rng } from '../platform/prng.ts';
import { sampleAnswers, samplePdf, type SampleContext } from './sample-answers.ts';

export interface DemoApplicant {
  principal: Principal;
  facts: SampleContext;
}

export interface DemoHistoryOptions {
  cases: number;
  /** Citizens who file personal services. */
  people: DemoApplicant[];
  /** The demo citizen acting for their enterprise (files enterprise services and bundles). */
  enterprise: DemoApplicant | null;
  /** Staff by `<department>/<role>`. */
  staff: Map<string, Principal>;
  items: ServiceItemData[];
  bundles: string[];
  /** The newest a case may be; history runs back `days` working days from here. */
  now: Date;
  days: number;
  log: (m: string) => void;
  /** Deliver the events written so far (the payments module makes a case's order from them). */
  flush: () => Promise<void>;
}

type Step = string; // an action, or `<branch>:<action>` in a parallel state

/** Paths through each process, weighted: where the seeded cases stop. */
const PATHS: Record<string, [Step[], number][]> = {
  simple_licence: [
    [[], 12],
    [['accept'], 10],
    [['accept', 'pass'], 8],
    [['accept', 'pass', 'approve'], 5],
    [['request_correction'], 5],
    [['accept', 'request_correction'], 4],
    [['accept', 'pass', 'approve', 'complete'], 30],
    [['accept', 'request_correction', 'resubmit', 'pass', 'approve', 'complete'], 8],
    [['reject'], 4],
    [['accept', 'pass', 'reject'], 4],
    [['withdraw'], 3],
    [['accept', 'withdraw'], 2],
  ],
  joint_review: [
    [[], 3],
    [['accept'], 3],
    [['accept', 'HUD:approve'], 3],
    [['accept', 'HUD:approve', 'NRP:approve'], 2],
    [['accept', 'HUD:approve', 'NRP:approve', 'complete'], 4],
    [['accept', 'NRP:reject', 'HUD:approve', 'reject'], 1],
  ],
  bundle: [
    [[], 2],
    [['accept'], 2],
    [['accept', '@half'], 3],
    [['accept', '@all'], 2],
    [['accept', '@all', 'complete'], 4],
  ],
};

function pickPath(rng: Rng, process: string): Step[] {
  const table = PATHS[process] ?? PATHS.simple_licence!;
  const total = table.reduce((n, [, w]) => n + w, 0);
  let r = rng.int(1, total);
  for (const [path, w] of table) {
    r -= w;
    if (r <= 0) return path;
  }
  return [];
}

const COMMENTS = ['材料齐全，符合法定条件', '经审核，符合要求', '同意办理', '核查无误'];
const CORRECTIONS = [
  ['身份证明材料不清晰，请重新上传'],
  ['请补充房屋产权证明或租赁合同', '申请表缺少签名'],
  ['经营场所平面图比例不符'],
];

export async function seedDemoHistory(
  modules: { applications: ApplicationsApi; catalog: { service: CatalogService }; payments?: PaymentsApi },
  opts: DemoHistoryOptions,
): Promise<number> {
  const clock = new ManualClock(opts.now);
  // The same service on a clock that walks through the past.
  const service = modules.applications.serviceOn(clock);
  const payments = modules.payments?.onClock(clock) ?? null;
  const rng = createRng('longgang-demo-cases');
  const meta = { requestId: 'seed', ip: null };
  const pdf = samplePdf();
  const personItems = opts.items.filter((i) => i.targetUsers.includes('person'));
  const enterpriseItems = opts.items.filter(
    (i) => i.targetUsers.includes('enterprise') && !i.targetUsers.includes('person'),
  );
  const spanMs = opts.days * 24 * 3600_000;
  // File in time order so case numbers and deadlines follow the calendar.
  const starts = Array.from({ length: opts.cases }, () => opts.now.getTime() - rng.int(2 * 3600_000, spanMs)).sort(
    (a, b) => a - b,
  );
  let filed = 0;
  const uploads = new Map<string, string>();

  for (const start of starts) {
    const bundle =
      opts.bundles.length > 0 && rng.int(1, 12) === 1 ? opts.bundles[rng.int(0, opts.bundles.length - 1)]! : null;
    const useEnterprise = !bundle && opts.enterprise !== null && enterpriseItems.length > 0 && rng.int(1, 4) === 1;
    const applicant = useEnterprise ? opts.enterprise! : opts.people[rng.int(0, opts.people.length - 1)]!;
    const item = bundle
      ? null
      : useEnterprise
        ? enterpriseItems[rng.int(0, enterpriseItems.length - 1)]!
        : personItems[rng.int(0, personItems.length - 1)]!;
    if (item && !hasStaff(opts.staff, item.departmentCode)) continue;

    clock.set(new Date(start));
    const target = bundle ? await modules.catalog.service.resolveBundle(bundle) : null;
    const form = bundle
      ? sampleAnswers(
          mergeForms(
            target!.items.map((i) => i.data.form),
            target!.data.sections,
          ),
          applicant.facts,
          rng,
        )
      : sampleAnswers(item!.form, applicant.facts, rng);
    const materialDefs = bundle ? mergeMaterials(target!.items, target!.data.sameMaterials) : item!.materials;
    const materials: { code: string; uploadId: string }[] = [];
    for (const m of materialDefs.filter((x) => x.source === 'applicant' && x.required)) {
      // One upload per applicant and material, reused across their cases.
      const key = `${applicant.principal.accountId}/${m.code}`;
      let id = uploads.get(key);
      if (!id) {
        id = (await service.upload(applicant.principal, `${m.name.zh}.pdf`, pdf, meta)).id;
        uploads.set(key, id);
      }
      materials.push({ code: m.code, uploadId: id });
    }
    let view: CaseViewT;
    try {
      view = (
        await service.submit(
          applicant.principal,
          { ...(bundle ? { bundleCode: bundle } : { itemCode: item!.handlingItemCode }), form, materials },
          `seed-${filed}-${start}`,
          meta,
        )
      ).view;
    } catch (err) {
      opts.log(
        `history: skipped a case (${(err as Error).message}: ${JSON.stringify((err as { details?: unknown }).details ?? null)})`,
      );
      continue;
    }
    filed++;

    const path = pickPath(rng, bundle ? 'bundle' : item!.processCode);
    for (const step of path) {
      const next = clock.now().getTime() + rng.int(1, 30) * 3600_000;
      if (next >= opts.now.getTime()) break;
      clock.set(new Date(next));
      let stopped = false;
      // `@half` / `@all` complete department parts one at a time: a part waiting for another starts once that one is done.
      const parts = step === '@half' || step === '@all';
      let remaining = parts ? partsToDo(step, view) : 1;
      for (let next = firstAction(step, view); next && remaining > 0; next = parts ? firstAction(step, view) : null) {
        remaining--;
        const [branch, action] = next;
        const actor =
          action === 'resubmit' || action === 'withdraw'
            ? applicant.principal
            : staffFor(opts.staff, view, branch, action);
        if (!actor) {
          stopped = true;
          break;
        }
        if (payments && (action === 'accept' || action === 'complete')) {
          await opts.flush();
          await payFee(payments, applicant.principal, view, action === 'accept' ? 'before_acceptance' : 'on_decision');
        }
        view = await service.act(
          actor,
          view.id,
          {
            action,
            expectedSeq: view.seq,
            ...(branch ? { branch } : {}),
            ...payloadFor(action, rng, item, view),
          },
          meta,
        );
      }
      if (stopped) break;
    }
  }
  return filed;
}

/**
 * The applicant pays the case's order of this timing, if it has an unpaid one: opens the trade
 * and pays on the sandbox's hosted page, whose signed callback settles it.
 */
async function payFee(
  payments: ReturnType<PaymentsApi['onClock']>,
  applicant: Principal,
  view: CaseViewT,
  timing: 'before_acceptance' | 'on_decision',
): Promise<void> {
  const orders = await payments.service.ofCase(applicant, view.id);
  const order = orders.find((o) => o.timing === timing && o.status !== 'paid');
  if (!order) return;
  const { payUrl, tradeNo } = await payments.service.pay(applicant, order.id, `/cases/${view.id}`, {
    requestId: 'seed',
    ip: null,
  });
  const token = new URL(payUrl, 'http://sandbox').searchParams.get('token') ?? '';
  await payments.sandbox.submit(tradeNo, token, 'pay');
}

/** How many department parts `@half` / `@all` complete: half (rounded up) or all of those not done. */
function partsToDo(step: Step, view: CaseViewT): number {
  const open = view.branches.filter((b) => !b.done).length;
  return step === '@all' ? open : Math.ceil(open / 2);
}

/** The next action of a step: for `@half` / `@all` the first part that may act now; `B:act`: one branch. */
function firstAction(step: Step, view: CaseViewT): [string | null, string] | null {
  if (step === '@half' || step === '@all') {
    const ready = view.branches.find((b) => !b.done && b.waitingFor.length === 0);
    return ready ? [ready.code, 'complete'] : null;
  }
  const i = step.indexOf(':');
  return i < 0 ? [null, step] : [step.slice(0, i), step.slice(i + 1)];
}

function hasStaff(staff: Map<string, Principal>, department: string): boolean {
  return ['clerk', 'reviewer', 'approver'].every((r) => staff.has(`${department}/${r}`));
}

/** Who takes `action` on the case: a member of the line's department with a role the step allows. */
function staffFor(
  staff: Map<string, Principal>,
  view: CaseViewT,
  branch: string | null,
  action: string,
): Principal | null {
  const department = branch
    ? (view.branches.find((b) => b.code === branch)?.departmentCode ?? branch)
    : view.departmentCode;
  const byAction: Record<string, string[]> = {
    accept: ['clerk'],
    request_correction: view.state === 'accept' ? ['clerk'] : ['reviewer'],
    reject: branch ? ['reviewer', 'approver'] : view.state === 'accept' ? ['clerk'] : ['approver'],
    pass: ['reviewer'],
    approve: branch ? ['reviewer', 'approver'] : ['approver'],
    complete: branch ? ['clerk', 'reviewer', 'approver'] : view.state === 'decide' ? ['approver'] : ['clerk'],
  };
  for (const role of byAction[action] ?? []) {
    const p = staff.get(`${department}/${role}`);
    if (p) return p;
  }
  return null;
}

function payloadFor(action: string, rng: Rng, item: ServiceItemData | null, view: CaseViewT) {
  const basis = item?.legalBasis[0] ?? '《浙江省政务服务管理办法》';
  switch (action) {
    case 'pass':
    case 'approve':
      return { comment: COMMENTS[rng.int(0, COMMENTS.length - 1)]! };
    case 'request_correction':
      return { correctionItems: CORRECTIONS[rng.int(0, CORRECTIONS.length - 1)]! };
    case 'reject':
      return { reason: '申请材料与实际情况不符，不符合法定条件', legalBasis: basis };
    case 'complete':
      return {
        result: {
          note: item?.result.name.zh ? `已出具：${item.result.name.zh}` : '已办结，结果统一寄递',
          documentNumber: `龙政〔2026〕${view.caseNumber.slice(-5)}号`,
        },
      };
    default:
      return {};
  }
}
