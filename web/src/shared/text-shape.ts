/** The shape of a text table: the same keys as the zh-CN table, every leaf a string (for the English one). */
export type Shape<T> = { [K in keyof T]: T[K] extends string ? string : Shape<T[K]> };
