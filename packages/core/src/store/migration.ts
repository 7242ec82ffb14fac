/** One schema step; ids sort in the order they must run ("0100_files"). */
export interface Migration {
  id: string;
  sql: string;
}
