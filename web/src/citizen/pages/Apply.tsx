/**
 * Applying online for a service item (/apply/:code) or a life-event bundle
 * (/apply/bundle/:code): fill in the form, upload the materials, confirm and submit.
 * The application is kept as a draft while it is being written (resumed on return), and
 * submitted once with an idempotency key that a retry reuses.
 */
import { useRef, useState } from 'react';
import { Button, Checkbox, Form, NavBar, NoticeBar, Steps, Tag, Toast } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../shared/i18n';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { useMutation, useQuery } from '@tanstack/react-query';
import { getDraft, getDrafts, newIdempotencyKey, submit } from '../../shared/api/applications';
import { actAs as actAsCall, enterprisesQuery, getPrefill } from '../../shared/api/identity';
import { ApiError } from '../../shared/client';
import type { Draft, FormValues, Me } from '../../shared/contract';
import { useAuth } from '../../shared/auth';
import { lt, useDepartmentName } from '../../shared/catalog';
import { loadTarget, type TargetDef, type TargetKind } from '../apply-target';
import { joinSentences, RequireSignIn } from '../case-parts';
import { QueryBody } from '../components';
import { useDraftAutosave, type SaveStatus } from '../draft-autosave';
import { applyServerErrors, displayValue, FormRenderer, scrollToFirstError } from '../form-renderer';
import { materialCodeOfPath, prefillValues, toInputValues, toServerValues, type OwnData } from '../form-schema';
import {
  attachmentsOf,
  materialRefs,
  MaterialsEditor,
  missingMaterials,
  type Attached,
  type Attachments,
} from '../uploads';
import { WithSharedData, withUploads, type SharedChoice } from '../apply-preview';
import '../pages-text';

/** The applicant's latest draft for this target (or the one named in the address), with its content. */
async function findDraft(target: TargetDef, draftId: string | null, signal: AbortSignal): Promise<Draft | null> {
  if (draftId) {
    try {
      return await getDraft(draftId, signal);
    } catch (err) {
      if (!(err instanceof ApiError && err.status === 404)) throw err;
    }
  }
  const mine = (await getDrafts(signal)).items
    .filter((d) => (target.kind === 'bundle' ? d.bundleCode === target.code : d.itemCode === target.code))
    .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
  return mine[0] ? getDraft(mine[0].id, signal) : null;
}

export default function ApplyPage({ kind }: { kind: TargetKind }) {
  return (
    <RequireSignIn>
      <ApplyLoader kind={kind} />
    </RequireSignIn>
  );
}

function ApplyLoader({ kind }: { kind: TargetKind }) {
  const { t } = useTranslation();
  const { code = '' } = useParams();
  const { me } = useAuth();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const draftParam = params.get('draft');
  const query = useQuery({
    // The applicant's own draft and data: personal, so forgotten when who applies changes.
    queryKey: ['apply', kind, code, draftParam],
    queryFn: async ({ signal }) => {
      const [target, own] = await Promise.all([loadTarget(kind, code, null, signal), getPrefill(signal)]);
      return { target, own, draft: await findDraft(target, draftParam, signal) };
    },
    enabled: !!me,
    // The form starts from what is loaded here: never swap it under the applicant.
    staleTime: Infinity,
    gcTime: 0,
  });

  const data = query.data;
  if (data && me && fitsApplicant(data.target, me)) {
    // Acting as someone else changes what is prefilled: start the flow afresh.
    return (
      <WithSharedData
        key={`${data.target.code}:${me.actingAs?.enterpriseId ?? 'self'}`}
        target={data.target}
        me={me}
        resumed={data.draft !== null}
      >
        {(shared) => <ApplyFlow target={data.target} draft={data.draft} own={data.own} me={me} shared={shared} />}
      </WithSharedData>
    );
  }
  return (
    <div className="yw-subpage" data-testid="apply-page">
      <NavBar className="yw-navbar" onBack={() => void navigate(-1)}>
        {t('cases.apply.title')}
      </NavBar>
      <div className="yw-subpage-body">
        <QueryBody
          query={query}
          notFound={t('cases.apply.notFound')}
          loadFailed={t('cases.apply.loadFailed')}
          notFoundTestId="apply-not-found"
        >
          {({ target }) => <ChooseApplicant target={target} />}
        </QueryBody>
      </div>
    </div>
  );
}

/** 服务对象: enterprise services are applied for acting as the enterprise, personal ones as oneself. */
function fitsApplicant(target: TargetDef, me: Me): boolean {
  return target.targetUsers.includes(me.actingAs ? 'enterprise' : 'person');
}

/** The applicant acts as the wrong kind of subject for this service: offer the switch. */
function ChooseApplicant({ target }: { target: TargetDef }) {
  const { t, i18n } = useTranslation();
  const { me, setMe } = useAuth();
  const needsEnterprise = !target.targetUsers.includes('person');
  const enterprises = useQuery({ ...enterprisesQuery(), enabled: needsEnterprise && !!me });
  const [busy, setBusy] = useState<string | null>(null);

  const actAs = async (enterpriseId: string | null) => {
    setBusy(enterpriseId ?? 'self');
    try {
      setMe(await actAsCall(enterpriseId));
    } catch (err) {
      Toast.show({ icon: 'fail', content: errorMessage(t, err) });
    } finally {
      setBusy(null);
    }
  };

  return (
    <section className="yw-card" data-testid="apply-choose-applicant">
      <h1 className="yw-guide-name">{lt(target.name, i18n.language)}</h1>
      <p className="yw-card-desc yw-mt">
        {needsEnterprise ? t('cases.apply.asEnterprise') : t('cases.apply.asPerson')}
      </p>
      {!needsEnterprise ? (
        <Button
          block
          color="primary"
          size="large"
          loading={busy === 'self'}
          onClick={() => void actAs(null)}
          data-testid="apply-as-self"
        >
          {t('cases.apply.actAsSelf')}
        </Button>
      ) : enterprises.data?.length === 0 ? (
        <p className="yw-muted">{t('cases.apply.noEnterprise')}</p>
      ) : (
        <div className="yw-stack">
          {(enterprises.data ?? []).map((e) => (
            <Button
              key={e.enterpriseId}
              block
              color="primary"
              size="large"
              loading={busy === e.enterpriseId}
              onClick={() => void actAs(e.enterpriseId)}
              data-testid="apply-as-enterprise"
            >
              {t('cases.apply.actAs', { name: e.name })}
            </Button>
          ))}
        </div>
      )}
    </section>
  );
}

const STEPS = ['form', 'materials', 'review'] as const;

/** Whether the draft has been saved, in a few words. */
function SaveState({ status }: { status: SaveStatus }) {
  const { t } = useTranslation();
  if (status === 'idle') return null;
  const text =
    status === 'saving'
      ? t('cases.apply.saving')
      : status === 'saved'
        ? `✓ ${t('cases.apply.saved')}`
        : t('cases.apply.saveFailed');
  return (
    <span
      className={`yw-save-state yw-save-${status}`}
      role="status"
      aria-live="polite"
      data-testid="save-status"
      data-status={status}
    >
      {text}
    </span>
  );
}

function ApplyFlow({
  target: catalogued,
  draft,
  own,
  me,
  shared,
}: {
  target: TargetDef;
  draft: Draft | null;
  own: OwnData;
  me: Me;
  shared: SharedChoice;
}) {
  // A shared document the registry has no record of (or that the applicant chose not to share) is uploaded.
  const [target] = useState(() => withUploads(catalogued, shared.uploads));
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const navigate = useNavigate();
  const departmentName = useDepartmentName(lng);
  const [form] = Form.useForm();

  // Start from the draft, or from what the account already holds about the applicant; the
  // applicant's identity (name, ID number; the enterprise's name and USCC) always comes from it.
  const [start] = useState(() => {
    const known = prefillValues(target.form, own);
    // What the applicant agreed to use from the registries (the preview) fills the rest.
    const agreed = toInputValues(target.form, shared.values);
    Object.assign(known.values, agreed);
    if (draft) {
      const fixed = Object.fromEntries([...known.fixed].map((k) => [k, known.values[k]]));
      return {
        values: { ...toInputValues(target.form, draft.form), ...agreed, ...fixed },
        prefilled: known.fixed,
        fixed: known.fixed,
      };
    }
    return { values: known.values, prefilled: new Set(Object.keys(known.values)), fixed: known.fixed };
  });
  const [values, setValues] = useState<FormValues>(start.values);
  const [files, setFiles] = useState<Attachments>(() => attachmentsOf(draft?.materials ?? []));
  const [step, setStep] = useState(0);
  const [message, setMessage] = useState<string | null>(null);
  const [materialErrors, setMaterialErrors] = useState<Record<string, string>>({});
  const [declared, setDeclared] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  /** One key per submission attempt, reused when the same content is sent again (a retry). */
  const idempotencyKey = useRef<string | null>(null);
  const submission = useMutation(submit);
  const inFlight = useRef(false);
  const autosave = useDraftAutosave(target.target, draft?.id ?? null);

  const save = (nextValues: FormValues, nextFiles: Attachments, immediately = false) => {
    idempotencyKey.current = null; // different content: a new submission
    autosave.schedule(
      { form: toServerValues(target.form, nextValues), materials: materialRefs(target.materials, nextFiles) },
      immediately,
    );
  };

  const onValues = (all: FormValues) => {
    setValues(all);
    setMessage(null);
    save(all, files);
  };

  const onFile = (code: string, file: Attached | null) => {
    const next = { ...files };
    if (file) next[code] = file;
    else delete next[code];
    setFiles(next);
    setMessage(null);
    save(values, next, true);
  };

  const go = (next: number) => {
    setStep(next);
    setMessage(null);
    window.scrollTo(0, 0);
  };

  const onNext = async () => {
    if (step === 0) {
      try {
        await form.validateFields();
      } catch {
        setMessage(t('cases.apply.fixForm'));
        scrollToFirstError();
        return;
      }
    } else if (step === 1) {
      const missing = missingMaterials(target.materials, files);
      if (missing.length > 0) {
        setMaterialErrors(Object.fromEntries(missing.map((c) => [c, t('cases.materials.missing')])));
        setMessage(t('cases.apply.fixMaterials'));
        scrollToFirstError();
        return;
      }
    }
    go(step + 1);
  };

  const onSubmit = async () => {
    if (inFlight.current) return; // a second tap while the first is on its way
    if (!declared) {
      setMessage(t('cases.apply.declarationRequired'));
      return;
    }
    inFlight.current = true;
    setSubmitting(true);
    setMessage(null);
    idempotencyKey.current ??= newIdempotencyKey();
    const draftId = await autosave.settle();
    try {
      const filed = await submission.mutateAsync({
        input: {
          ...target.target,
          form: toServerValues(target.form, values),
          materials: materialRefs(target.materials, files),
          ...(draftId ? { draftId } : {}),
        },
        idempotencyKey: idempotencyKey.current,
      });
      autosave.stop();
      Toast.show({ icon: 'success', content: t('cases.apply.submitted') });
      void navigate(`/cases/${encodeURIComponent(filed.id)}`, { replace: true });
    } catch (err) {
      onSubmitError(err);
    } finally {
      inFlight.current = false;
      setSubmitting(false);
    }
  };

  const onSubmitError = (err: unknown) => {
    if (!(err instanceof ApiError) || err.status === 0 || err.status >= 500) {
      // The case may have been filed: the same key on the next tap answers with it.
      setMessage(joinSentences(lng, [errorMessage(t, err), t('cases.apply.retry')]));
      return;
    }
    idempotencyKey.current = null;
    const formDetails = err.details.filter((d) => d.path.includes('/form'));
    const materialDetails = err.details.filter((d) => materialCodeOfPath(d.path));
    if (err.code === 'MATERIALS_INCOMPLETE' || (materialDetails.length > 0 && formDetails.length === 0)) {
      setMaterialErrors(
        Object.fromEntries(materialDetails.map((d) => [materialCodeOfPath(d.path)!, t('cases.materials.missing')])),
      );
      setMessage(t('cases.apply.fixMaterials'));
      go(1);
      scrollToFirstError();
      return;
    }
    if (formDetails.length > 0) {
      const other = applyServerErrors(t, form, target.form, formDetails);
      go(0);
      setMessage(joinSentences(lng, [t('cases.apply.fixForm'), ...other]));
      scrollToFirstError();
      return;
    }
    setMessage(errorMessage(t, err));
  };

  const onBack = () => {
    if (step > 0) go(step - 1);
    else void navigate(-1);
  };

  return (
    <div className="yw-subpage yw-apply" data-testid="apply-page" data-step={STEPS[step]}>
      <NavBar className="yw-navbar" onBack={onBack}>
        {t('cases.apply.title')}
      </NavBar>
      <div className="yw-subpage-body">
        <section className="yw-card yw-apply-head">
          <h1 className="yw-guide-name" data-testid="apply-name">
            {lt(target.name, lng)}
          </h1>
          <div className="yw-apply-head-row">
            <div className="yw-tags" data-testid="apply-departments" aria-label={t('cases.apply.departments')}>
              {target.departments.map((d) => (
                <Tag key={d} color="primary" fill="outline" data-testid="apply-department">
                  {departmentName(d)}
                </Tag>
              ))}
            </div>
            <SaveState status={autosave.status} />
          </div>
          {me.actingAs && (
            <p className="yw-acting yw-acting-inline" data-testid="apply-acting-as">
              {t('cases.apply.actingAs', { name: me.actingAs.name })}
            </p>
          )}
        </section>
        {draft && step === 0 && (
          <NoticeBar
            content={t('cases.apply.resumed')}
            color="info"
            className="yw-apply-notice"
            data-testid="draft-resumed"
          />
        )}
        <div className="yw-apply-steps">
          <Steps current={step}>
            {STEPS.map((s) => (
              <Steps.Step key={s} title={t(`cases.apply.steps.${s}`)} />
            ))}
          </Steps>
        </div>

        <div hidden={step !== 0}>
          <FormRenderer
            definition={target.form}
            form={form}
            initialValues={start.values}
            onValuesChange={onValues}
            prefilled={start.prefilled}
            fixed={start.fixed}
          />
        </div>
        {step === 1 && (
          <MaterialsEditor specs={target.materials} files={files} onChange={onFile} errors={materialErrors} />
        )}
        {step === 2 && (
          <Review
            target={target}
            values={values}
            files={files}
            onEdit={go}
            declared={declared}
            onDeclared={(v) => {
              setDeclared(v);
              setMessage(null);
            }}
          />
        )}

        <div className="yw-apply-bar yw-apply-footer">
          {message && (
            <div className="yw-apply-message" role="alert" data-testid="apply-error">
              {message}
            </div>
          )}
          <div className="yw-apply-actions">
            {step > 0 && (
              <Button size="large" onClick={() => go(step - 1)} disabled={submitting} data-testid="apply-prev">
                {t('cases.apply.prev')}
              </Button>
            )}
            {step < 2 ? (
              <Button block color="primary" size="large" onClick={() => void onNext()} data-testid="apply-next">
                {t('cases.apply.next')}
              </Button>
            ) : (
              <Button
                block
                color="primary"
                size="large"
                loading={submitting}
                onClick={() => void onSubmit()}
                data-testid="apply-submit"
              >
                {t('cases.apply.submit')}
              </Button>
            )}
          </div>
        </div>
      </div>
    </div>
  );
}

function Review({
  target,
  values,
  files,
  onEdit,
  declared,
  onDeclared,
}: {
  target: TargetDef;
  values: FormValues;
  files: Attachments;
  onEdit: (step: number) => void;
  declared: boolean;
  onDeclared: (v: boolean) => void;
}) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const applicant = target.materials.filter((m) => m.source === 'applicant');
  return (
    <div data-testid="apply-review">
      <section className="yw-card">
        <h2 className="yw-card-title">
          {t('cases.apply.reviewForm')}
          <button type="button" className="yw-link-button yw-card-more" onClick={() => onEdit(0)}>
            {t('cases.apply.edit')}
          </button>
        </h2>
        {target.form.sections.map((s, i) => (
          <div key={i} className="yw-review-section">
            <h3 className="yw-form-section-title">{lt(s.title, lng)}</h3>
            <dl className="yw-kvs">
              {s.fields.map((f) => {
                const shown = displayValue(t, lng, f, values[f.key]);
                return (
                  <div key={f.key} className="yw-kv" data-testid={`review-${f.key}`}>
                    <dt>{lt(f.label, lng)}</dt>
                    <dd className={shown ? undefined : 'yw-muted'}>{shown ?? t('cases.apply.notFilled')}</dd>
                  </div>
                );
              })}
            </dl>
          </div>
        ))}
      </section>
      <section className="yw-card">
        <h2 className="yw-card-title">
          {t('cases.apply.reviewMaterials')}
          <button type="button" className="yw-link-button yw-card-more" onClick={() => onEdit(1)}>
            {t('cases.apply.edit')}
          </button>
        </h2>
        <dl className="yw-kvs">
          {applicant.map((m) => (
            <div key={m.code} className="yw-kv">
              <dt>{lt(m.name, lng)}</dt>
              <dd className={files[m.code] ? undefined : 'yw-muted'}>
                {files[m.code]?.fileName ?? t('cases.apply.notFilled')}
              </dd>
            </div>
          ))}
          {target.materials
            .filter((m) => m.source !== 'applicant')
            .map((m) => (
              <div key={m.code} className="yw-kv">
                <dt>{lt(m.name, lng)}</dt>
                <dd className="yw-shared-text">{t('catalog.shared')}</dd>
              </div>
            ))}
        </dl>
      </section>
      <section className="yw-card">
        <Checkbox checked={declared} onChange={onDeclared} data-testid="apply-declaration" className="yw-declaration">
          {t('cases.apply.declaration')}
        </Checkbox>
      </section>
    </div>
  );
}
