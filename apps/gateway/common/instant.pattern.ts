/**
 * An ISO-8601 instant that names its UTC offset (or Z). `@IsISO8601` alone also accepts a local
 * time, which the server would read in its own zone; an instant in a query must not depend on that.
 */
export const ISO_TIME_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;
