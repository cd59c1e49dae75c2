// A list's search box and status filter: a plain GET form, so it works before any script loads.
import { inputClasses } from './field';
import { Button } from './button';

export function SearchBar({
  action,
  q,
  status,
  placeholder,
}: {
  action: string;
  q: string;
  status: string;
  placeholder: string;
}) {
  return (
    <form action={action} className="mb-4 flex flex-col gap-2 sm:flex-row" role="search">
      <label className="sr-only" htmlFor="search-q">
        Search
      </label>
      <input
        id="search-q"
        name="q"
        defaultValue={q}
        placeholder={placeholder}
        className={`${inputClasses} sm:max-w-xs`}
        type="search"
      />
      <label className="sr-only" htmlFor="search-status">
        Status
      </label>
      <select
        id="search-status"
        name="status"
        defaultValue={status}
        className={`${inputClasses} sm:w-36`}
      >
        <option value="all">All statuses</option>
        <option value="active">Active</option>
        <option value="inactive">Inactive</option>
      </select>
      <Button type="submit">Search</Button>
    </form>
  );
}
