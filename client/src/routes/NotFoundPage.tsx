import { Link } from "react-router";
import { useDocumentTitle } from "../components/useDocumentTitle";

export function NotFoundPage() {
  useDocumentTitle("Not found");
  return (
    <div className="page page-narrow">
      <h1>Page not found</h1>
      <p>There is nothing at this address.</p>
      <Link to="/">Go to your briefs</Link>
    </div>
  );
}
