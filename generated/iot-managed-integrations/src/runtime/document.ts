// svcgen 0.1.0 runtime: copied verbatim from generator/runtime/document.ts; do not edit.
// The JSON value a `document` shape carries: any JSON, passed through as-is.
export type DocumentValue = null | boolean | number | string | DocumentValue[] | { [key: string]: DocumentValue };
