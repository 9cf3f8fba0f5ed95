/**
 * The readable rendering of a certificate: an HTML page and a PDF, each with a QR code of its
 * public check (`/verify?id=…`), for the holder or the issuing department.
 */
import { requirePrincipal, type Principal } from '../../platform/auth.ts';
import { renderSimplePdf } from '../../platform/pdf.ts';
import type { Context } from './credentials.context.ts';
import { policy } from './credentials.policy.ts';
import { certificateFor } from './credentials.holders.ts';
import { viewOf } from './credentials.wallet.ts';

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);

const STATUS_ZH = { active: '有效', suspended: '已暂停', revoked: '已注销', expired: '已过期' } as const;

export class Rendering {
  private readonly c: Context;

  constructor(context: Context) {
    this.c = context;
  }

  private async rows(p: Principal | null, id: string) {
    const principal = requirePrincipal(p);
    const cert = policy.view(principal, await certificateFor(this.c, principal, id));
    const v = viewOf(cert, this.c.base, this.c.p.clock.now());
    const issuer = (await this.c.deps.org.departmentFacts(cert.department_code))?.zh ?? cert.department_code;
    return {
      v,
      rows: [
        { label: '证照编号 Number', value: v.number },
        { label: '持证主体 Holder', value: v.holder },
        { label: '发证机关 Issuer', value: issuer },
        { label: '发证日期 Issued', value: v.issuedAt.slice(0, 10) },
        { label: '有效期至 Valid until', value: v.validUntil?.slice(0, 10) ?? '长期 Long-term' },
        { label: '状态 Status', value: `${STATUS_ZH[v.status]} ${v.status}` },
        { label: '办件编号 Case', value: v.caseNumber },
      ],
    };
  }

  async pdf(p: Principal | null, id: string): Promise<{ fileName: string; pdf: Buffer }> {
    const { v, rows } = await this.rows(p, id);
    const pdf = await renderSimplePdf({
      title: v.name.zh,
      subtitle: `${v.name.en} · 电子证照 Electronic certificate`,
      author: 'Yiwang 一网',
      rows,
      qr: { text: v.verifyUrl, caption: '扫码核验 Scan to verify' },
      footer: '本证照为可验证凭证（W3C VC 2.0，JWT），可离线核验。This certificate is a verifiable credential.',
    });
    return { fileName: `certificate-${v.id}.pdf`, pdf };
  }

  async html(p: Principal | null, id: string): Promise<string> {
    const { v, rows } = await this.rows(p, id);
    const { default: QRCode } = await import('qrcode');
    const qr = await QRCode.toString(v.verifyUrl, { type: 'svg', margin: 1, width: 180 });
    const body = rows.map((r) => `<tr><th>${esc(r.label)}</th><td>${esc(r.value)}</td></tr>`).join('');
    return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${esc(v.name.zh)}</title>
<style>body{font-family:sans-serif;max-width:640px;margin:2rem auto;padding:1rem;border:2px solid #b22;}
h1{text-align:center;color:#b22}th{text-align:left;padding:.3rem 1rem .3rem 0;color:#555}figure{text-align:center}</style>
</head><body><h1>${esc(v.name.zh)}</h1><p style="text-align:center">${esc(v.name.en)}</p><table>${body}</table>
<figure>${qr}<figcaption>扫码核验 Scan to verify</figcaption></figure></body></html>`;
  }
}
