/** JSON-schema building blocks shared by the collections (RxDB needs bounds on indexed fields). */
export const idField = { type: 'string', maxLength: 128 } as const;
export const textField = { type: 'string', maxLength: 500 } as const;
export const timeField = { type: 'string', maxLength: 40 } as const;
export const roundField = { type: 'integer', minimum: 1, maximum: 99, multipleOf: 1 } as const;
export const countField = { type: 'integer', minimum: 0, maximum: 10_000_000, multipleOf: 1 } as const;
export const namesField = { type: 'array', items: { type: 'string', maxLength: 64 } } as const;
export const actorFields = { clerk: { type: 'string', maxLength: 64 }, desk: { type: 'string', maxLength: 64 } } as const;
