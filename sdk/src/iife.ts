/** The classic script build (/sdk/yiwang-bridge.js, global `Yiwang`): the platform is where the script came from. */
import { BridgeError } from './channel.ts';
import { createYiwang } from './yiwang.ts';

const script = document.currentScript as HTMLScriptElement | null;
if (!script?.src) throw new Error('Load the Yiwang SDK with <script src="…/sdk/yiwang-bridge.js">');
const Yiwang = Object.assign(createYiwang(new URL(script.src).origin), { BridgeError });
(globalThis as unknown as { Yiwang: typeof Yiwang }).Yiwang = Yiwang;
