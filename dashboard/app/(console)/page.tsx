// The console's front door: the API list, where a first-time user is told how to start.
import { redirect } from 'next/navigation';

export default function Home() {
  redirect('/apis');
}
