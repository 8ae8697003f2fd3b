// The JSON value a `document` shape carries: any JSON, passed through as-is.
export type DocumentValue = null | boolean | number | string | DocumentValue[] | { [key: string]: DocumentValue };
