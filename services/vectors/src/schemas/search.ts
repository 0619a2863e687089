// The search request's schema lives in the contracts (the console imports its type).
export { SearchRequestSchema as SearchBody } from '@app/contracts';
