/**
 * The sandbox provider's own pages, served by this server as the provider would serve them
 * from its own site: the hosted pay page (plain HTML, no script: the strict CSP holds), its
 * form (a plain POST carrying the trade's page token, outside the platform's CSRF scheme like
 * any provider's page), and its merchant console's ledger edit (finance staff; plants a
 * reconciliation mismatch in a demo or a test).
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { requireRole } from '../../platform/auth.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { NoContent, PUBLIC } from '../../platform/http.ts';
import { fenToCapitals, formatFen } from './money.ts';
import * as S from './payments.schemas.ts';
import type { SandboxPage, SandboxProvider } from './sandbox.ts';

const html = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function payPage(t: SandboxPage): string {
  const done = t.status !== 'created';
  const buttons = done
    ? `<p>此交易已处理（${html(t.status)}）。This trade is already ${html(t.status)}.</p>`
    : [
        ['pay', '确认支付 Pay'],
        ['fail', '支付失败 Fail'],
        ['timeout', '支付但不回调 Pay, no callback (time-out)'],
        ['twice', '支付并回调两次 Pay, call back twice'],
      ]
        .map(([v, label]) => `<p><button type="submit" name="outcome" value="${v}">${label}</button></p>`)
        .join('\n');
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>沙箱支付 Sandbox payment</title></head>
<body>
<h1>沙箱支付 Sandbox payment</h1>
<p>测试环境，不产生真实扣款。A test channel: no real money moves.</p>
<dl>
<dt>商户订单 Order</dt><dd>${html(t.orderNumber)}</dd>
<dt>交易号 Trade</dt><dd>${html(t.tradeNo)}</dd>
<dt>商品 Subject</dt><dd>${html(t.subject)}</dd>
<dt>金额 Amount</dt><dd id="amount">${formatFen(t.amountFen)}（${fenToCapitals(t.amountFen)}）</dd>
</dl>
<form method="post" action="/api/payments/sandbox/pay/${encodeURIComponent(t.tradeNo)}">
<input type="hidden" name="token" value="${html(t.token)}">
${buttons}
</form>
</body></html>`;
}

/** After the button: back to where the payer came from (a link, and a refresh that needs no script). */
function donePage(back: string, outcome: string): string {
  const said = outcome === 'fail' ? '支付失败 The payment failed' : '支付已提交 The payment was submitted';
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="2;url=${html(back)}">
<title>沙箱支付 Sandbox payment</title></head>
<body><h1>${said}</h1>
<p><a id="back" href="${html(back)}">返回办件 Back to the case</a></p>
</body></html>`;
}

export function sandboxRoutes(sandbox: SandboxProvider) {
  const tags = ['payments-sandbox'];
  const expired = () => notFound('SANDBOX_PAGE_EXPIRED', 'This payment page is no longer valid');
  return async function plugin(fastify: FastifyInstance): Promise<void> {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
    // The hosted page posts a plain HTML form.
    app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) =>
      done(null, Object.fromEntries(new URLSearchParams(String(body)))),
    );
    // Callbacks reach the platform's route over HTTP, in process.
    sandbox.connect(async (path, body, headers) => {
      const res = await fastify.inject({ method: 'POST', url: path, payload: body as object, headers });
      return res.statusCode;
    });

    app.get(
      '/payments/sandbox/pay/:tradeNo',
      {
        schema: {
          tags,
          ...PUBLIC,
          summary: "The sandbox provider's hosted pay page (HTML)",
          params: S.SandboxLedgerParams,
          querystring: S.SandboxPageQuery,
          response: { 200: { description: 'The page', content: { 'text/html': { schema: Type.String() } } } },
        },
      },
      async (request, reply) => {
        const page = await sandbox.page(request.params.tradeNo, request.query.token);
        if (!page) throw expired();
        return reply.header('content-type', 'text/html; charset=utf-8').send(payPage(page));
      },
    );

    app.post(
      '/payments/sandbox/pay/:tradeNo',
      {
        schema: {
          tags,
          ...PUBLIC,
          summary: "The sandbox hosted page's form: pay, fail, pay without calling back, or call back twice",
          params: S.SandboxLedgerParams,
          body: S.SandboxForm,
          consumes: ['application/x-www-form-urlencoded'],
          response: { 200: { description: 'The result page', content: { 'text/html': { schema: Type.String() } } } },
        },
      },
      async (request, reply) => {
        const back = await sandbox.submit(request.params.tradeNo, request.body.token, request.body.outcome);
        if (back === null) throw expired();
        return reply.header('content-type', 'text/html; charset=utf-8').send(donePage(back, request.body.outcome));
      },
    );

    app.patch(
      '/payments/sandbox/ledger/:tradeNo',
      {
        schema: {
          tags,
          summary: "The sandbox's merchant console: change its own books (finance staff; plants a mismatch)",
          params: S.SandboxLedgerParams,
          body: S.SandboxLedgerChange,
          response: { 204: NoContent },
        },
      },
      async (request, reply) => {
        requireRole(request.principal, 'finance');
        if (!(await sandbox.alter(request.params.tradeNo, request.body)))
          throw new AppError(404, 'TRADE_NOT_FOUND', 'No such payment transaction');
        return reply.status(204).send(null);
      },
    );
  };
}
