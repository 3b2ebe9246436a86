// What a question asks beyond retrieval intent: a figure, a list, a comparison (read in the one question analysis).
export { asksAcross, asksFigure, asksList } from '../question/analyze.ts';
