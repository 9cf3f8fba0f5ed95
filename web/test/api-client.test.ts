// The API client's rules (web/src/shared/client.ts, query.ts): how an error answer becomes an
// ApiError, which failures are asked again and after how long, and how query parameters are sent.
import { describe, expect, it } from 'vitest';
import { ApiError, errorFromAnswer, retryAfterSeconds, serializeQuery } from '../src/shared/client';
import { createQueryClient, isRetryable, MAX_RETRIES, retryDelay, shouldRetry } from '../src/shared/query';

const answer = (status: number, headers: Record<string, string> = {}, statusText = '') =>
  new Response(null, { status, headers, statusText });

describe('errorFromAnswer', () => {
  it('reads the error body: code, message, field details and request id', () => {
    const body = {
      error: {
        code: 'VALIDATION_FAILED',
        message: 'The request is not valid',
        details: [{ path: 'body:/idNumber', code: 'ID_NUMBER_CHECKSUM', message: 'bad check character' }],
        requestId: 'req-1',
      },
    };
    const err = errorFromAnswer(answer(400), JSON.stringify(body));
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', message: 'The request is not valid' });
    expect(err.requestId).toBe('req-1');
    expect(err.fieldErrors()).toEqual({ idNumber: body.error.details });
    expect(err.retryAfter).toBeNull();
  });

  it('makes do with an answer that is not ours (a proxy’s page), keeping the request id header', () => {
    const err = errorFromAnswer(answer(502, { 'x-request-id': 'req-2' }, 'Bad Gateway'), '<html>bad gateway</html>');
    expect(err).toMatchObject({ status: 502, code: 'HTTP_502', message: 'Bad Gateway', details: [] });
    expect(err.requestId).toBe('req-2');
  });

  it('keeps how long the server asks to wait', () => {
    const body = JSON.stringify({ error: { code: 'LOGIN_THROTTLED', message: 'Too many', requestId: 'r' } });
    expect(errorFromAnswer(answer(429, { 'retry-after': '120' }), body).retryAfter).toBe(120);
  });
});

describe('retryAfterSeconds', () => {
  it('reads seconds or an HTTP date', () => {
    const now = Date.parse('2026-05-12T08:00:00Z');
    expect(retryAfterSeconds('30', now)).toBe(30);
    expect(retryAfterSeconds('Tue, 12 May 2026 08:00:05 GMT', now)).toBe(5);
    expect(retryAfterSeconds('Tue, 12 May 2026 07:59:00 GMT', now)).toBe(0);
    expect(retryAfterSeconds('soon', now)).toBeNull();
    expect(retryAfterSeconds(null, now)).toBeNull();
  });
});

describe('retries', () => {
  const failure = (status: number, retryAfter: number | null = null, code = 'X') =>
    new ApiError({ status, code, message: '', retryAfter });

  it('asks again after a network failure, 429 and 503 only', () => {
    expect(isRetryable(failure(0, null, 'NETWORK_ERROR'))).toBe(true);
    expect(isRetryable(failure(429, 2))).toBe(true);
    expect(isRetryable(failure(503))).toBe(true);
    for (const status of [400, 401, 403, 404, 409, 422, 500]) expect(isRetryable(failure(status))).toBe(false);
    expect(isRetryable(new TypeError('a bug in the page'))).toBe(false);
  });

  it('does not wait longer than a page should hang: a long Retry-After is shown as the error', () => {
    expect(isRetryable(failure(429, 30))).toBe(true);
    expect(isRetryable(failure(429, 31))).toBe(false);
  });

  it('stops after a few tries', () => {
    expect(shouldRetry(0, failure(503))).toBe(true);
    expect(shouldRetry(MAX_RETRIES - 1, failure(503))).toBe(true);
    expect(shouldRetry(MAX_RETRIES, failure(503))).toBe(false);
  });

  it('waits what the server says, else backs off', () => {
    expect(retryDelay(0, failure(429, 7))).toBe(7000);
    expect([0, 1, 2, 3, 4].map((n) => retryDelay(n, failure(0)))).toEqual([1000, 2000, 4000, 8000, 8000]);
  });
});

describe('serializeQuery', () => {
  it('leaves empty parameters out and repeats lists', () => {
    expect(
      serializeQuery({ q: '', page: 1, pageSize: 20, department: undefined, unread: true, tag: ['a', 'b c'] }),
    ).toBe('page=1&pageSize=20&unread=true&tag=a&tag=b+c');
    expect(serializeQuery({ q: '公积金' })).toBe('q=%E5%85%AC%E7%A7%AF%E9%87%91');
    expect(serializeQuery({ flag: null })).toBe('');
  });
});

describe('the apps’ QueryClient', () => {
  /** A query function that fails with the given answers, then succeeds; counts its calls. */
  const flaky = (...failures: ApiError[]) => {
    let calls = 0;
    const fn = async () => {
      const failure = failures[calls++];
      if (failure) throw failure;
      return 'data';
    };
    return { fn, calls: () => calls };
  };
  const unavailable = new ApiError({ status: 503, code: 'SHUTTING_DOWN', message: '', retryAfter: 0 });

  it('asks again after 503 until the answer comes', async () => {
    const q = flaky(unavailable, unavailable);
    await expect(createQueryClient().fetchQuery({ queryKey: ['t'], queryFn: q.fn })).resolves.toBe('data');
    expect(q.calls()).toBe(3);
  });

  it('takes a 404 as the answer at once', async () => {
    const q = flaky(new ApiError({ status: 404, code: 'CASE_NOT_FOUND', message: '' }));
    await expect(createQueryClient().fetchQuery({ queryKey: ['t'], queryFn: q.fn })).rejects.toMatchObject({
      status: 404,
    });
    expect(q.calls()).toBe(1);
  });

  it('gives up after a few tries and shows the error', async () => {
    const q = flaky(unavailable, unavailable, unavailable, unavailable, unavailable);
    await expect(createQueryClient().fetchQuery({ queryKey: ['t'], queryFn: q.fn })).rejects.toBe(unavailable);
    expect(q.calls()).toBe(MAX_RETRIES + 1);
  });
});
