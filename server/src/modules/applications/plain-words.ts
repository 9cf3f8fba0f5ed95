/**
 * A case's progress in plain words for the applicant (办件进度): what is happening, who has
 * it, what they need to do. Pure; the service passes in the names.
 */
import type { LocalText } from './workflow/definition.ts';

export type Status = 'in_progress' | 'correction' | 'completed' | 'rejected' | 'withdrawn';

export interface HeadlineInput {
  status: Status;
  state: string;
  stateName: LocalText;
  department: LocalText;
  /** In a parallel state: how many department parts there are and how many are done. */
  parts?: { total: number; done: number };
  correctionItems?: number;
  rejectionReason?: string;
}

export function headline(h: HeadlineInput): LocalText {
  switch (h.status) {
    case 'completed':
      return { zh: '已办结，请查看办理结果', en: 'Completed: see the result' };
    case 'rejected':
      return h.rejectionReason
        ? { zh: `未予通过：${h.rejectionReason}`, en: `Not approved: ${h.rejectionReason}` }
        : { zh: '未予通过，请查看原因和依据', en: 'Not approved: see the reason and its legal basis' };
    case 'withdrawn':
      return { zh: '您已撤回申请', en: 'You withdrew the application' };
    case 'correction':
      // The items to correct may be materials or answers on the form: they are counted as items, not as materials.
      return {
        zh: `需要您补正${h.correctionItems ? ` ${h.correctionItems} 项` : ''}内容，补正后继续办理`,
        en: `Please correct ${h.correctionItems ?? 'some'} item${h.correctionItems === 1 ? '' : 's'}; handling continues when you resubmit`,
      };
    case 'in_progress':
      if (h.state === 'accept')
        return {
          zh: `已提交，等待${h.department.zh}受理`,
          en: `Submitted: waiting for ${h.department.en} to accept it`,
        };
      if (h.parts) {
        return {
          zh: `${h.parts.total} 个部门同时办理中，已完成 ${h.parts.done} 个`,
          en: `${h.parts.total} departments are handling it at the same time; ${h.parts.done} done`,
        };
      }
      return {
        zh: `${h.department.zh}正在办理：${h.stateName.zh}`,
        en: `${h.department.en} is handling it: ${h.stateName.en}`,
      };
  }
}

/**
 * Who has the case now: the department and stage, and the handler once someone claimed it.
 * In the words of who reads it: the applicant is waited for ("您"); staff wait for the applicant.
 */
export function handledBy(
  status: Status,
  department: LocalText,
  stateName: LocalText,
  handler: string | null,
  reader: 'applicant' | 'staff' = 'applicant',
): LocalText | null {
  if (status === 'correction')
    return reader === 'applicant'
      ? { zh: '等待您补正', en: 'Waiting for your correction' }
      : { zh: '等待申请人补正', en: 'Waiting for the applicant to correct it' };
  if (status !== 'in_progress') return null;
  const who = handler ? { zh: `，经办人 ${handler}`, en: `, handled by ${handler}` } : { zh: '', en: '' };
  return { zh: `${department.zh}（${stateName.zh}${who.zh}）`, en: `${department.en} (${stateName.en}${who.en})` };
}
