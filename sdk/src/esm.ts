/** The ES module build (/sdk/yiwang-bridge.mjs): the platform is where this module was loaded from. */
import { createYiwang } from './yiwang.ts';

export { BridgeError } from './channel.ts';
export type { LoginResult, TokenSet, Config } from './yiwang.ts';
export type { Settings, PayAnswer, PayParams } from './protocol.ts';

const Yiwang = createYiwang(new URL(import.meta.url).origin);
export default Yiwang;
