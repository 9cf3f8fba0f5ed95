/**
 * A case (/cases/:id) as the applicant sees it: the progress in plain words, who has it and
 * when it should be done, each department's part of a bundle, the steps so far, and what
 * the applicant can do: correct and resubmit when asked (补正), or withdraw.
 */
import { useState } from 'react';
import { Button, Collapse, Dialog, Form, Tag, Toast } from 'antd-mobile';
import type { TFunction } from 'i18next';
import i18next from 'i18next';
import { useTranslation } from 'react-i18next';
import { catalogueMessage, errorMessage } from '../../shared/i18n';
import { Link, useParams } from 'react-router';
import { ApiError } from '../../shared/client';
import { useMutation, useQuery } from '@tanstack/react-query';
import { act, caseQuery } from '../../shared/api/applications';
import type { BranchView, CaseView, HistoryEntry } from '../../shared/contract';
import { lt, useDepartmentName } from '../../shared/catalog';
import { formatDateTime } from '../../shared/format';
import { loadTarget, type TargetDef } from '../apply-target';
import { formatDate, joinSentences, overdueDaysOf, RequireSignIn, StatusTag } from '../case-parts';
import { CasePayments } from '../case-payments';
import { FiledMaterials } from '../case-filed-materials';
import { windowReceiptUrl } from '../../shared/api/halls';
import { QueryBody, SubPage } from '../components';
import { applyServerErrors, displayValue, FormRenderer, scrollToFirstError } from '../form-renderer';
import { allFields, materialCodeOfPath, toInputValues, toServerValues } from '../form-schema';
import {
  attachmentsOf,
  materialRefs,
  MaterialsEditor,
  missingMaterials,
  type Attached,
  type Attachments,
} from '../uploads';
import { ResultFiles } from '../case-result-files';
import { CaseCertificates } from '../case-certificates';
import '../pages-text';

/** A message for a refused action: the engine's reason (the catalogue's words, else the page's) when known, else the error's. */
function actionError(t: TFunction, err: unknown): string {
  if (err instanceof ApiError && (err.code === 'ACTION_REFUSED' || err.code === 'ROLE_REQUIRED')) {
    const code = err.details[0]?.code ?? '';
    const key = `cases.case.refused.${code}`;
    const message = catalogueMessage(code) ?? (i18next.exists(key) ? t(key) : null);
    if (message) return message;
  }
  return errorMessage(t, err);
}

const isConflict = (err: unknown) => err instanceof ApiError && err.code === 'CASE_CONFLICT';

export default function CaseDetailPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  return (
    <SubPage title={t('cases.case.title')} testId="case-page" backTo="/cases">
      <RequireSignIn>
        <CaseLoader id={id} />
      </RequireSignIn>
    </SubPage>
  );
}

function CaseLoader({ id }: { id: string }) {
  const { t } = useTranslation();
  const query = useQuery(caseQuery(id));
  return (
    <QueryBody
      query={query}
      notFound={t('cases.case.notFound')}
      loadFailed={t('cases.case.loadFailed')}
      notFoundTestId="case-not-found"
    >
      {(c) => <Case c={c} reload={() => void query.refetch()} />}
    </QueryBody>
  );
}

/** The item (at the version filed) or bundle the case is for: labels of its form, and the form to correct. */
function useCaseTarget(c: CaseView) {
  const kind = c.bundleCode ? 'bundle' : 'item';
  const code = c.bundleCode ?? c.itemCode ?? '';
  return useQuery({
    queryKey: ['catalog', 'case-target', kind, code, c.itemVersion],
    queryFn: ({ signal }) => loadTarget(kind, code, c.itemVersion, signal),
  });
}

function Case({ c, reload }: { c: CaseView; reload: () => void }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const departmentName = useDepartmentName(lng);
  const target = useCaseTarget(c).data;
  const [correcting, setCorrecting] = useState(false);
  const closed = c.outcome !== null;
  const withdraw = c.actions.find((a) => a.action === 'withdraw');
  const canResubmit = c.actions.some((a) => a.action === 'resubmit');
  const action = useMutation(act);

  const onConflict = () => {
    Toast.show({ content: t('cases.case.conflict') });
    setCorrecting(false);
    reload();
  };

  const onWithdraw = async () => {
    const ok = await Dialog.confirm({
      content: t('cases.case.withdrawConfirm'),
      confirmText: t('cases.case.withdraw'),
      cancelText: t('common.cancel'),
    });
    if (!ok) return;
    try {
      // The answer is the case as it now is: the page shows it at once.
      await action.mutateAsync({ id: c.id, input: { action: 'withdraw', expectedSeq: c.seq } });
      Toast.show({ icon: 'success', content: t('cases.case.withdrawn') });
    } catch (err) {
      if (isConflict(err)) onConflict();
      else Toast.show({ icon: 'fail', content: actionError(t, err) });
    }
  };

  const copyNumber = () => {
    void navigator.clipboard?.writeText(c.caseNumber).then(
      () => Toast.show({ content: t('cases.case.copied') }),
      () => undefined,
    );
  };

  return (
    <div data-testid="case-view" data-status={c.status} data-seq={c.seq}>
      <section className="yw-card yw-case-hero">
        <div className="yw-case-hero-top">
          <h1 className="yw-guide-name" data-testid="case-title">
            {lt(c.title, lng)}
          </h1>
          <StatusTag status={c.status} />
        </div>
        <p className={`yw-case-headline yw-case-headline-${c.status}`} data-testid="case-headline">
          {lt(c.headline, lng)}
        </p>
        <dl className="yw-kvs">
          <div className="yw-kv">
            <dt>{t('cases.case.number')}</dt>
            <dd>
              <span data-testid="case-number">{c.caseNumber}</span>{' '}
              <button type="button" className="yw-link-button" onClick={copyNumber}>
                {t('cases.case.copy')}
              </button>{' '}
              <Link to={`/transparency?case=${encodeURIComponent(c.caseNumber)}`} data-testid="case-in-log">
                {t('cases.case.inLog')}
              </Link>
            </dd>
          </div>
          {!closed && c.handledBy && (
            <div className="yw-kv">
              <dt>{t('cases.case.handledBy')}</dt>
              <dd data-testid="case-handled-by">{lt(c.handledBy, lng)}</dd>
            </div>
          )}
          {c.status === 'in_progress' && c.dueAt && (
            <div className="yw-kv">
              <dt>{t('cases.case.due')}</dt>
              <dd data-testid="case-due" className={overdueDaysOf(c) ? 'yw-overdue' : undefined}>
                {overdueDaysOf(c)
                  ? t('cases.case.overdueDays', {
                      count: overdueDaysOf(c)!,
                      s: overdueDaysOf(c) === 1 ? '' : 's',
                      date: formatDate(c.dueAt, lng),
                    })
                  : formatDate(c.dueAt, lng)}
              </dd>
            </div>
          )}
          <div className="yw-kv">
            <dt>{t('cases.case.department')}</dt>
            <dd>{lt(c.departmentName, lng)}</dd>
          </div>
          <div className="yw-kv">
            <dt>{t('cases.case.submitted')}</dt>
            <dd data-testid="case-submitted">{formatDateTime(c.submittedAt, lng)}</dd>
          </div>
          {c.closedAt && (
            <div className="yw-kv">
              <dt>{t('cases.case.closed')}</dt>
              <dd>{formatDateTime(c.closedAt, lng)}</dd>
            </div>
          )}
        </dl>
        {!closed && overdueDaysOf(c) !== null && <p className="yw-notice">{t('cases.case.overdue')}</p>}
        {c.channel === 'window' && (
          <a className="yw-link-button yw-mt" href={windowReceiptUrl(c.id)} download data-testid="window-receipt">
            {t('cases.case.windowReceipt')}
          </a>
        )}
      </section>

      <CasePayments caseId={c.id} />

      {c.status === 'correction' && c.correction && !correcting && (
        <section
          className="yw-card yw-correction"
          data-testid="correction-box"
          role="region"
          aria-label={t('cases.case.correction.title')}
        >
          <h2 className="yw-card-title">{t('cases.case.correction.title')}</h2>
          <p>{t('cases.case.correction.desc')}</p>
          <ol className="yw-list" data-testid="correction-items">
            {c.correction.items.map((item, i) => (
              <li key={i}>{item}</li>
            ))}
          </ol>
          {canResubmit && (
            <Button
              block
              color="warning"
              size="large"
              className="yw-mt"
              onClick={() => setCorrecting(true)}
              disabled={!target}
              data-testid="correction-start"
            >
              {t('cases.case.correction.start')}
            </Button>
          )}
        </section>
      )}
      {correcting && target && (
        <Correction
          c={c}
          target={target}
          onDone={() => setCorrecting(false)}
          onCancel={() => setCorrecting(false)}
          onConflict={onConflict}
        />
      )}

      {c.status === 'completed' && c.result && (
        <section className="yw-card yw-outcome yw-outcome-ok" data-testid="case-result">
          <h2 className="yw-card-title">{t('cases.case.result')}</h2>
          <p data-testid="case-result-note">{c.result.note}</p>
          {c.result.documentNumber && (
            <dl className="yw-kvs yw-mt">
              <div className="yw-kv">
                <dt>{t('cases.case.documentNumber')}</dt>
                <dd data-testid="case-document-number">{c.result.documentNumber}</dd>
              </div>
            </dl>
          )}
          <ResultFiles c={c} />
          {c.status === 'completed' && <CaseCertificates caseId={c.id} />}
        </section>
      )}

      {c.status === 'rejected' && c.rejection && (
        <section className="yw-card yw-outcome yw-outcome-no" data-testid="case-rejection">
          <h2 className="yw-card-title">{t('cases.case.rejection')}</h2>
          <dl className="yw-kvs">
            <div className="yw-kv">
              <dt>{t('cases.case.rejectionReason')}</dt>
              <dd data-testid="case-rejection-reason">{c.rejection.reason}</dd>
            </div>
            <div className="yw-kv">
              <dt>{t('cases.case.rejectionBasis')}</dt>
              <dd data-testid="case-rejection-basis">{c.rejection.legalBasis}</dd>
            </div>
          </dl>
        </section>
      )}

      {c.branches.length > 0 ? (
        <section className="yw-card" data-testid="case-branches">
          <h2 className="yw-card-title">{t('cases.case.departments')}</h2>
          <ul className="yw-branches">
            {c.branches.map((b) => (
              <BranchRow key={b.code} b={b} departmentName={departmentName(b.departmentCode)} />
            ))}
          </ul>
        </section>
      ) : (
        c.kind === 'bundle' && (
          // Before the window accepts a bundle, its departments have not started: list who will handle what.
          <section className="yw-card" data-testid="case-branches">
            <h2 className="yw-card-title">{t('cases.case.departments')}</h2>
            <ul className="yw-branches">
              {c.items.map((it) => (
                <li
                  key={it.code}
                  className="yw-branch"
                  data-testid="case-branch"
                  data-department={it.departmentCode}
                  data-state="waiting"
                >
                  <div className="yw-branch-body">
                    <span className="yw-branch-name">{departmentName(it.departmentCode)}</span>
                    <span className="yw-muted">{lt(it.name, lng)}</span>
                  </div>
                  <Tag color="default" fill="outline">
                    {t(closed ? 'cases.case.branch.notStarted' : 'cases.case.branch.waiting')}
                  </Tag>
                </li>
              ))}
            </ul>
          </section>
        )
      )}

      <section className="yw-card" data-testid="case-timeline">
        <h2 className="yw-card-title">{t('cases.case.timeline')}</h2>
        <ol className="yw-timeline">
          {!closed && (
            <li className="yw-timeline-item yw-timeline-now">
              <span className="yw-timeline-dot" aria-hidden="true" />
              <div className="yw-timeline-body">
                <div className="yw-timeline-title">
                  {t('cases.case.now')}
                  {t('common.colon')}
                  {lt(c.stateName, lng)}
                </div>
                {c.handledBy && <div className="yw-muted">{lt(c.handledBy, lng)}</div>}
              </div>
            </li>
          )}
          {[...c.history].reverse().map((h) => (
            <TimelineItem key={h.seq} h={h} departmentName={departmentName} />
          ))}
          <li className="yw-timeline-item" data-testid="timeline-item" data-action="submitted">
            <span className="yw-timeline-dot" aria-hidden="true" />
            <div className="yw-timeline-body">
              <div className="yw-timeline-title">{t('cases.case.submittedEntry')}</div>
              <div className="yw-muted yw-timeline-meta">
                {formatDateTime(c.submittedAt, lng)} · {t('cases.case.actor.applicant')}
              </div>
            </div>
          </li>
        </ol>
      </section>

      <Filed c={c} target={target ?? null} />

      {withdraw && !correcting && (
        <div className="yw-page-actions">
          <Button
            block
            size="large"
            color="danger"
            fill="outline"
            onClick={() => void onWithdraw()}
            data-testid="case-withdraw"
          >
            {t('cases.case.withdraw')}
          </Button>
        </div>
      )}
    </div>
  );
}

function BranchRow({ b, departmentName }: { b: BranchView; departmentName: string }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const state = b.done ? (b.outcome === 'rejected' ? 'rejected' : 'approved') : 'active';
  const color = state === 'approved' ? 'success' : state === 'rejected' ? 'danger' : 'primary';
  return (
    <li className="yw-branch" data-testid="case-branch" data-department={b.departmentCode} data-state={state}>
      <div className="yw-branch-body">
        <span className="yw-branch-name">{lt(b.name, lng) || departmentName}</span>
        <span className="yw-muted">
          {lt(b.stateName, lng)}
          {!b.done && b.deadlineAt ? ` · ${t('cases.case.branchDue', { date: formatDate(b.deadlineAt, lng) })}` : ''}
        </span>
      </div>
      <Tag color={color} fill={state === 'active' ? 'outline' : 'solid'}>
        {t(`cases.case.branch.${state}`)}
      </Tag>
    </li>
  );
}

function TimelineItem({ h, departmentName }: { h: HistoryEntry; departmentName: (code: string) => string }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const actor =
    h.actorOrganisation === 'applicant'
      ? t('cases.case.actor.applicant')
      : h.actorOrganisation === 'system'
        ? t('cases.case.actor.system')
        : `${departmentName(h.actorOrganisation)} ${h.actorName}`;
  return (
    <li className="yw-timeline-item" data-testid="timeline-item" data-action={h.action}>
      <span className="yw-timeline-dot" aria-hidden="true" />
      <div className="yw-timeline-body">
        <div className="yw-timeline-title">
          {lt(h.actionName, lng)}
          {h.branch && (
            <Tag color="default" fill="outline" className="yw-timeline-branch">
              {departmentName(h.branch)}
            </Tag>
          )}
        </div>
        <div className="yw-muted yw-timeline-meta">
          {formatDateTime(h.at, lng)} · {actor}
        </div>
        {h.comment && <div>{t('cases.case.comment', { text: h.comment })}</div>}
        {h.reason && <div>{t('cases.case.reason', { text: h.reason })}</div>}
        {h.legalBasis && <div>{t('cases.case.legalBasis', { text: h.legalBasis })}</div>}
        {h.correctionItems && h.correctionItems.length > 0 && (
          <div>
            {t('cases.case.correctionItems')}
            <ol className="yw-list">
              {h.correctionItems.map((item, i) => (
                <li key={i}>{item}</li>
              ))}
            </ol>
          </div>
        )}
        {h.result && (
          <div>
            {t('cases.case.resultNote', { text: h.result.note })}
            {h.result.documentNumber && <div>{t('cases.case.resultDocument', { text: h.result.documentNumber })}</div>}
          </div>
        )}
      </div>
    </li>
  );
}

/** What the applicant filed: the answers (labelled when the form has loaded) and the documents. */
function Filed({ c, target }: { c: CaseView; target: TargetDef | null }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const fields = target ? allFields(target.form) : [];
  const rows =
    fields.length > 0
      ? fields
          .map((f) => ({ key: f.key, label: lt(f.label, lng), value: displayValue(t, lng, f, c.form[f.key]) }))
          .filter((r) => r.value !== null)
      : Object.entries(c.form).map(([key, v]) => ({ key, label: key, value: String(v) }));
  return (
    <Collapse className="yw-card yw-filed" data-testid="case-filed">
      <Collapse.Panel key="form" title={t('cases.case.filedForm')}>
        <dl className="yw-kvs">
          {rows.map((r) => (
            <div key={r.key} className="yw-kv">
              <dt>{r.label}</dt>
              <dd>{r.value}</dd>
            </div>
          ))}
        </dl>
      </Collapse.Panel>
      <Collapse.Panel key="materials" title={t('cases.case.filedMaterials')}>
        <FiledMaterials c={c} />
      </Collapse.Panel>
    </Collapse>
  );
}

/** 补正: edit the filed form and documents, then resubmit (the case's `seq` guards against a change meanwhile). */
function Correction({
  c,
  target,
  onDone,
  onCancel,
  onConflict,
}: {
  c: CaseView;
  target: TargetDef;
  onDone: () => void;
  onCancel: () => void;
  onConflict: () => void;
}) {
  const { t, i18n } = useTranslation();
  const [form] = Form.useForm();
  const [initial] = useState(() => toInputValues(target.form, c.form));
  const [files, setFiles] = useState<Attachments>(() => attachmentsOf(c.materials));
  const [materialErrors, setMaterialErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const action = useMutation(act);

  const onFile = (code: string, file: Attached | null) => {
    setFiles((prev) => {
      const next = { ...prev };
      if (file) next[code] = file;
      else delete next[code];
      return next;
    });
  };

  const resubmit = async () => {
    setMessage(null);
    try {
      await form.validateFields();
    } catch {
      setMessage(t('cases.apply.fixForm'));
      scrollToFirstError();
      return;
    }
    const missing = missingMaterials(target.materials, files);
    if (missing.length > 0) {
      setMaterialErrors(Object.fromEntries(missing.map((code) => [code, t('cases.materials.missing')])));
      setMessage(t('cases.apply.fixMaterials'));
      scrollToFirstError();
      return;
    }
    setBusy(true);
    try {
      await action.mutateAsync({
        id: c.id,
        input: {
          action: 'resubmit',
          expectedSeq: c.seq,
          form: toServerValues(target.form, form.getFieldsValue(true)),
          materials: materialRefs(target.materials, files),
        },
      });
      Toast.show({ icon: 'success', content: t('cases.case.correction.done') });
      onDone();
    } catch (err) {
      if (isConflict(err)) {
        onConflict();
      } else if (err instanceof ApiError && err.details.some((d) => d.path.includes('/form'))) {
        const other = applyServerErrors(t, form, target.form, err.details);
        setMessage(joinSentences(i18n.language, [t('cases.apply.fixForm'), ...other]));
        scrollToFirstError();
      } else if (err instanceof ApiError && err.details.some((d) => materialCodeOfPath(d.path))) {
        setMaterialErrors(
          Object.fromEntries(
            err.details.flatMap((d) => {
              const code = materialCodeOfPath(d.path);
              return code ? [[code, t('cases.materials.missing')]] : [];
            }),
          ),
        );
        setMessage(t('cases.apply.fixMaterials'));
      } else {
        setMessage(actionError(t, err));
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="yw-correction-edit" data-testid="correction-editor">
      <section className="yw-card yw-correction">
        <h2 className="yw-card-title">{t('cases.case.correction.editTitle')}</h2>
        <ol className="yw-list">
          {(c.correction?.items ?? []).map((item, i) => (
            <li key={i}>{item}</li>
          ))}
        </ol>
      </section>
      <FormRenderer
        definition={target.form}
        form={form}
        initialValues={initial}
        onValuesChange={() => setMessage(null)}
      />
      <MaterialsEditor
        specs={target.materials}
        files={files}
        onChange={onFile}
        errors={materialErrors}
        disabled={busy}
      />
      <div className="yw-apply-bar yw-apply-footer">
        {message && (
          <div className="yw-apply-message" role="alert" data-testid="correction-error">
            {message}
          </div>
        )}
        <div className="yw-apply-actions">
          <Button size="large" onClick={onCancel} disabled={busy}>
            {t('cases.case.correction.cancel')}
          </Button>
          <Button
            block
            color="primary"
            size="large"
            loading={busy}
            onClick={() => void resubmit()}
            data-testid="correction-submit"
          >
            {t('cases.case.correction.resubmit')}
          </Button>
        </div>
      </div>
    </div>
  );
}
