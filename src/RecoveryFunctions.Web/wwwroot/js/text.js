// The API's one rule for free text (Core/Audit/AuditText.cs), checked before sending so the person learns at once
// which field to fix: no control character, no line or paragraph separator, no Default_Ignorable_Code_Point (the
// invisible characters, bidirectional controls included), no lone surrogate. A multi-line message keeps its own line
// feeds and tabs. Length is counted as a reader counts: grapheme clusters (a letter and its accents are one).
const forbidden = /[\p{Cc}\u2028\u2029\p{Default_Ignorable_Code_Point}]/u;
const forbiddenInMessage = /(?![\n\t])[\p{Cc}\u2028\u2029\p{Default_Ignorable_Code_Point}]/u;
const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

export const hasForbiddenCharacter = (value, { multiline = false } = {}) =>
  !value.isWellFormed() || (multiline ? forbiddenInMessage : forbidden).test(value);

export const visibleLength = (value) => [...graphemes.segment(value)].length;
