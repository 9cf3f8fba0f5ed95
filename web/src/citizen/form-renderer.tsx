/**
 * Draws a catalogue form (FormDefinition) with antd-mobile: one card per section, one
 * input per field chosen from its widget hint and JSON Schema. Client checks mirror the
 * schema (form-schema.ts) and show as the applicant goes; errors the server sends back are
 * put on the fields by the page (`applyServerErrors`).
 */
import { useState } from 'react';
import { Checkbox, CheckList, DatePicker, Form, Input, Popup, Radio, Space, TextArea } from 'antd-mobile';
import type { TFunction } from 'i18next';
import i18next from 'i18next';
import { useTranslation } from 'react-i18next';
import { lt } from '../shared/catalog';
import type { ErrorDetail, FormDefinition, FormField, FormValues } from '../shared/contract';
import { detailMessage } from './case-parts';
import {
  allFields,
  checkValue,
  choicesOf,
  dateRange,
  formKeyOfPath,
  isRequired,
  widgetOf,
  type Choice,
} from './form-schema';

/** The form's state (rc-field-form), created by the page with `Form.useForm()`. */
export type FormInstance = ReturnType<typeof Form.useForm>[0];

/** The label of an option: the schema's title, else the app's label for the field's value, else the value. */
export function choiceLabel(t: TFunction, lng: string, field: FormField, choice: Choice): string {
  if (choice.title) return typeof choice.title === 'string' ? choice.title : lt(choice.title, lng);
  const key = `cases.options.${field.key}.${choice.value}`;
  return i18next.exists(key) ? t(key) : choice.value;
}

/** A value as the applicant would read it (option labels, yes/no), or null when not given. */
export function displayValue(t: TFunction, lng: string, field: FormField, value: unknown): string | null {
  if (field.schema.type === 'boolean') return value === true ? t('cases.form.yes') : t('cases.form.no'); // unticked: no
  if (value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0))
    return null;
  const choices = choicesOf(field);
  const one = (v: unknown) => {
    const c = choices?.find((x) => x.value === v);
    return c ? choiceLabel(t, lng, field, c) : String(v);
  };
  return Array.isArray(value) ? value.map(one).join(lng === 'en' ? ', ' : '、') : one(value);
}

/** Server check keywords (JSON Schema) → the app's check messages, for when the browser's own check passed. */
const SERVER_CODES: Record<string, string> = {
  required: 'REQUIRED',
  pattern: 'PATTERN',
  format: 'PATTERN',
  type: 'PATTERN',
  enum: 'ENUM',
};

/**
 * Puts the server's FORM_INVALID details (`/form/<key>`) on the form's fields, each in the
 * words of the field's own check. Returns the messages of details that name no field of
 * this form (they still need to be seen).
 */
export function applyServerErrors(
  t: TFunction,
  form: FormInstance,
  def: FormDefinition,
  details: ErrorDetail[],
): string[] {
  const fields = new Map(allFields(def).map((f) => [f.key, f] as const));
  const values = form.getFieldsValue(true) as FormValues;
  const byKey = new Map<string, string[]>();
  const other: string[] = [];
  for (const d of details) {
    const key = formKeyOfPath(d.path);
    const field = key ? fields.get(key) : undefined;
    if (!key || !field) {
      if (key || !d.path.includes('/materials')) other.push(detailMessage(t, d));
      continue;
    }
    const local = checkValue(field, values[key]);
    const message = local
      ? t(`cases.check.${local.code}`, local.params ?? {})
      : SERVER_CODES[d.code]
        ? t(`cases.check.${SERVER_CODES[d.code]}`)
        : detailMessage(t, d);
    byKey.set(key, [...(byKey.get(key) ?? []), message]);
  }
  form.setFields([...byKey].map(([name, errors]) => ({ name, errors })));
  return other;
}

/** Scrolls the first field showing an error into view. */
export function scrollToFirstError(): void {
  requestAnimationFrame(() => {
    document
      .querySelector('.adm-form-item-has-error, .yw-material-error')
      ?.scrollIntoView({ behavior: 'smooth', block: 'center' });
  });
}

const MIN_DATE = new Date(1900, 0, 1);

function parseDate(v: string | undefined): Date | null {
  const m = v ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(v) : null;
  return m ? new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : null;
}
const pad = (n: number) => String(n).padStart(2, '0');
const dateText = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;

/** A field that opens a popup (date, select): shows the value, or the placeholder, and an arrow. */
function PopupTrigger({
  text,
  placeholder,
  onOpen,
  testId,
}: {
  text: string | null;
  placeholder: string;
  onOpen: () => void;
  testId: string;
}) {
  return (
    <button
      type="button"
      className={text ? 'yw-picker-trigger' : 'yw-picker-trigger yw-picker-empty'}
      onClick={onOpen}
      data-testid={testId}
    >
      <span>{text ?? placeholder}</span>
      <span aria-hidden="true">›</span>
    </button>
  );
}

function DateInput({
  value,
  onChange,
  label,
  field,
}: {
  value?: string;
  onChange?: (v: string) => void;
  label: string;
  field: FormField;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const fieldKey = field.key;
  // A birth date cannot be picked after today; other dates up to ten years ahead.
  const range = dateRange(field);
  const min = parseDate(range.min) ?? MIN_DATE;
  const max = parseDate(range.max)!;
  return (
    <>
      <PopupTrigger
        text={value || null}
        placeholder={t('cases.form.datePlaceholder')}
        onOpen={() => setOpen(true)}
        testId={`date-${fieldKey}`}
      />
      <DatePicker
        visible={open}
        title={label}
        min={min}
        max={max}
        value={parseDate(value)}
        onClose={() => setOpen(false)}
        onConfirm={(d) => onChange?.(dateText(d))}
        confirmText={t('common.confirm')}
        cancelText={t('common.cancel')}
      />
    </>
  );
}

/** A choice from a list: a sheet of options from the bottom; one tap chooses and closes it. */
function SelectInput({
  value,
  onChange,
  label,
  options,
  fieldKey,
}: {
  value?: string;
  onChange?: (v: string) => void;
  label: string;
  options: { label: string; value: string }[];
  fieldKey: string;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const current = options.find((o) => o.value === value);
  return (
    <>
      <PopupTrigger
        text={current?.label ?? null}
        placeholder={t('cases.form.selectPlaceholder')}
        onOpen={() => setOpen(true)}
        testId={`select-${fieldKey}`}
      />
      <Popup
        visible={open}
        onMaskClick={() => setOpen(false)}
        onClose={() => setOpen(false)}
        bodyClassName="yw-select-sheet"
        destroyOnClose
      >
        <div className="yw-select-sheet-title">{label}</div>
        <CheckList
          value={value ? [value] : []}
          onChange={(v) => {
            const next = v[0];
            if (typeof next === 'string') onChange?.(next);
            setOpen(false);
          }}
          data-testid={`options-${fieldKey}`}
        >
          {options.map((o) => (
            <CheckList.Item key={o.value} value={o.value} data-testid={`option-${fieldKey}-${o.value}`}>
              {o.label}
            </CheckList.Item>
          ))}
        </CheckList>
      </Popup>
    </>
  );
}

const TEXT_WIDGETS = new Set(['text', 'textarea', 'idNumber', 'phone', 'address', 'uscc', 'number', 'money']);
const upper = (v: unknown) => (typeof v === 'string' ? v.toUpperCase() : v);

function FieldItem({
  field,
  prefilled,
  fixed,
  disabled: formDisabled,
}: {
  field: FormField;
  prefilled: boolean;
  /** The applicant's identity (name, ID number, the enterprise's name and USCC): shown, not edited. */
  fixed: boolean;
  disabled: boolean;
}) {
  const disabled = formDisabled || fixed;
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const widget = widgetOf(field);
  const label = lt(field.label, lng);
  const required = isRequired(field);
  const placeholder = field.placeholder
    ? lt(field.placeholder, lng)
    : widget === 'select'
      ? t('cases.form.selectPlaceholder')
      : t('cases.form.inputPlaceholder');
  const maxLength = typeof field.schema.maxLength === 'number' ? field.schema.maxLength : undefined;
  const options = (choicesOf(field) ?? []).map((c) => ({ value: c.value, label: choiceLabel(t, lng, field, c) }));
  const help = field.help ? lt(field.help, lng) : null;
  const enterprise = field.prefill?.startsWith('enterprise.');
  const filledFrom = fixed
    ? t(enterprise ? 'cases.form.fixedEnterprise' : 'cases.form.fixed')
    : prefilled
      ? t(enterprise ? 'cases.form.prefilledEnterprise' : 'cases.form.prefilled')
      : null;
  const description = [help, filledFrom].filter(Boolean).join(' · ') || undefined;

  const rules = [
    {
      validator: (_: unknown, value: unknown) => {
        const problem = checkValue(field, value);
        return problem
          ? Promise.reject(new Error(t(`cases.check.${problem.code}`, problem.params ?? {})))
          : Promise.resolve();
      },
    },
  ];

  let control;
  switch (widget) {
    case 'textarea':
      control = (
        <TextArea
          placeholder={placeholder}
          maxLength={maxLength}
          showCount={!!maxLength}
          autoSize={{ minRows: 2, maxRows: 8 }}
          disabled={disabled}
        />
      );
      break;
    case 'date':
      control = <DateInput label={label} field={field} />;
      break;
    case 'select':
      control = <SelectInput label={label} options={options} fieldKey={field.key} />;
      break;
    case 'radio':
      control = (
        <Radio.Group disabled={disabled}>
          <Space wrap className="yw-choices">
            {options.map((o) => (
              <Radio key={o.value} value={o.value} data-testid={`option-${field.key}-${o.value}`}>
                {o.label}
              </Radio>
            ))}
          </Space>
        </Radio.Group>
      );
      break;
    case 'checkboxes':
      control = (
        <Checkbox.Group disabled={disabled}>
          <Space wrap className="yw-choices">
            {options.map((o) => (
              <Checkbox key={o.value} value={o.value} data-testid={`option-${field.key}-${o.value}`}>
                {o.label}
              </Checkbox>
            ))}
          </Space>
        </Checkbox.Group>
      );
      break;
    case 'checkbox':
      control = <Checkbox disabled={disabled}>{label}</Checkbox>;
      break;
    default:
      control = (
        <Input
          placeholder={placeholder}
          maxLength={widget === 'idNumber' || widget === 'uscc' ? 18 : widget === 'phone' ? 11 : maxLength}
          inputMode={
            widget === 'phone'
              ? 'tel'
              : widget === 'money'
                ? 'decimal'
                : widget === 'number'
                  ? field.schema.type === 'integer'
                    ? 'numeric'
                    : 'decimal'
                  : undefined
          }
          autoComplete={widget === 'phone' ? 'tel' : 'off'}
          clearable
          disabled={disabled}
          data-testid={`input-${field.key}`}
        />
      );
  }

  return (
    <Form.Item
      name={field.key}
      label={widget === 'checkbox' ? undefined : label}
      required={required && widget !== 'checkbox'}
      rules={rules}
      validateTrigger={TEXT_WIDGETS.has(widget) ? 'onBlur' : 'onChange'}
      normalize={widget === 'idNumber' || widget === 'uscc' ? upper : undefined}
      valuePropName={widget === 'checkbox' ? 'checked' : 'value'}
      description={description}
      disabled={disabled}
      data-testid={`field-${field.key}`}
      data-fixed={fixed || undefined}
    >
      {control}
    </Form.Item>
  );
}

/**
 * The form of an item or a bundle. `prefilled`: keys filled from what the account holds;
 * `fixed`: those among them that are the applicant's identity (read-only).
 */
export function FormRenderer({
  definition,
  form,
  initialValues,
  onValuesChange,
  prefilled,
  fixed,
  disabled = false,
}: {
  definition: FormDefinition;
  form: FormInstance;
  initialValues: FormValues;
  onValuesChange?: (all: FormValues) => void;
  prefilled?: ReadonlySet<string>;
  fixed?: ReadonlySet<string>;
  disabled?: boolean;
}) {
  const { i18n } = useTranslation();
  return (
    <Form
      form={form}
      layout="vertical"
      mode="card"
      initialValues={initialValues}
      onValuesChange={(_, all: FormValues) => onValuesChange?.(all)}
      className="yw-apply-form"
      data-testid="apply-form"
    >
      {/* flat children: the form starts a new card at each header */}
      {definition.sections.flatMap((s, i) => [
        <Form.Header key={`section-${i}`}>{lt(s.title, i18n.language)}</Form.Header>,
        ...s.fields.map((f) => (
          <FieldItem
            key={f.key}
            field={f}
            prefilled={prefilled?.has(f.key) ?? false}
            fixed={fixed?.has(f.key) ?? false}
            disabled={disabled}
          />
        )),
      ])}
    </Form>
  );
}
