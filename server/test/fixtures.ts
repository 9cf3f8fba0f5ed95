/** Small valid files, built as bytes, for upload tests. */
export { samplePdf as minimalPdf } from '../src/demo/sample-answers.ts';
