import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from '@playwright/test';

// Browser tests drive Debian's Chromium against the real server, started on a fixed
// port with a fresh embedded PGlite data directory and the demo data seeded.
// DATABASE_URL (PostgreSQL) is passed through from the environment when set.
// The web app must be built first (`npm run build:web`; `npm run test:web` does both).
const PORT = Number(process.env.E2E_PORT ?? 8099);
const baseURL = `http://127.0.0.1:${PORT}`;
const dataDir = process.env.YIWANG_E2E_DATA_DIR ?? mkdtempSync(join(tmpdir(), 'yiwang-e2e-'));
process.env.YIWANG_E2E_DATA_DIR = dataDir; // workers re-load this file: keep one directory
// Sensors: the server's broker (YIWANG_MQTT_URL, e.g. Mosquitto, or the embedded one beside the
// server's port), with a client id and topics of this port's own, so browser test servers side by
// side on one broker never share a session or a reading. The tests publish through these.
const MQTT_PREFIX = `yiwang-e2e-${PORT}/sensors`;
process.env.YIWANG_E2E_MQTT_URL = process.env.YIWANG_MQTT_URL || `mqtt://127.0.0.1:${PORT + 1000}`;
process.env.YIWANG_E2E_MQTT_PREFIX = MQTT_PREFIX;

const env: Record<string, string> = {};
for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;

export default defineConfig({
  testDir: 'e2e',
  workers: 1,
  fullyParallel: false,
  reporter: 'list',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  forbidOnly: !!process.env.CI,
  // In CI a failed test is run once more and, if it then passes, reported as flaky (in the list and
  // the summary), so that one slow moment on a shared machine does not hide every other result.
  retries: process.env.CI ? 1 : 0,
  outputDir: 'test-results',
  use: {
    baseURL,
    headless: true,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  projects: [{ name: 'chromium', use: { browserName: 'chromium' } }],
  webServer: {
    command: 'npx node scripts/e2e-server.ts',
    url: `${baseURL}/readyz`,
    timeout: 180_000,
    reuseExistingServer: false,
    // SIGTERM, not SIGKILL: the server shuts down gracefully and a scratch PostgreSQL database is dropped.
    gracefulShutdown: { signal: 'SIGTERM', timeout: 15_000 },
    stdout: 'pipe',
    stderr: 'pipe',
    env: {
      ...env,
      PORT: String(PORT),
      YIWANG_DATA_DIR: dataDir,
      YIWANG_SEED: 'demo',
      // One-time codes go to the development SMS sink; the tests read them through GET /api/dev/messages.
      YIWANG_DEV_MESSAGES_API: 'true',
      // Checkpoints every 2 s (10 s by default): a random-inspection draw waits for the next one.
      YIWANG_TRANSPARENCY_CHECKPOINT_MS: '2000',
      // The embedded MQTT broker beside the server's port (browser test servers run side by side); a test publishes readings to it.
      YIWANG_MQTT_EMBEDDED_PORT: String(PORT + 1000),
      YIWANG_MQTT_CLIENT_ID: `yiwang-e2e-${PORT}`,
      YIWANG_MQTT_TOPIC_PREFIX: MQTT_PREFIX,
      // The demo mini-apps (miniapps/) beside the server: three ports from PORT + 2000, on 127.0.0.1 like the base URL.
      YIWANG_MINIAPPS_PORT: String(PORT + 2000),
      YIWANG_MINIAPPS_HOST: '127.0.0.1',
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    },
  },
});
