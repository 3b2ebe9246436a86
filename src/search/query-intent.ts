// What retrieval reads of a question: the one question analysis (src/question/analyze.ts), computed once per
// question by the caller and passed down; retrieve() computes it only when called with a bare query string.
export type { QuestionAnalysis as QueryIntent } from '../question/analyze.ts';
