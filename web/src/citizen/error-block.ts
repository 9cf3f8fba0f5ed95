// antd-mobile's ErrorBlock with only the pictures the citizen app uses ('default' and 'empty').
// Its own ErrorBlock carries all four (about 34 KB of inline SVG); the app shell's error screen
// puts it in the entry chunk, so the unused two ('busy', 'disconnected') stay out of the first load.
import { createErrorBlock } from 'antd-mobile';
import { defaultImage } from 'antd-mobile/es/components/error-block/images/default';
import { emptyImage } from 'antd-mobile/es/components/error-block/images/empty';

export const ErrorBlock = createErrorBlock({ default: defaultImage, empty: emptyImage });
