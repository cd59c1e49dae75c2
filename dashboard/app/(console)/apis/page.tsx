// Placeholder until the API list lands.
export default function ApisPage() {
  return <h1>APIs</h1>;
}
