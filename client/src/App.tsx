import { lazy, Suspense } from "react";
import { Route, Routes } from "react-router";
import { AppLayout } from "./components/AppLayout";
import { LoadingState } from "./components/LoadingState";
import { RequireAuth } from "./components/RequireAuth";
import { BriefsPage } from "./routes/BriefsPage";
import { ConfirmPage } from "./routes/ConfirmPage";
import { InvitePage } from "./routes/InvitePage";
import { LoginPage } from "./routes/LoginPage";
import { NotFoundPage } from "./routes/NotFoundPage";
import { SignupPage } from "./routes/SignupPage";

// The workspace brings socket.io and the protocol schemas; its editor (Tiptap + Yjs) is a further lazy chunk.
const BriefWorkspace = lazy(() =>
  import("./routes/BriefWorkspace").then((module) => ({ default: module.BriefWorkspace })),
);

export function App() {
  return (
    <Routes>
      <Route element={<AppLayout />}>
        <Route path="/login" element={<LoginPage />} />
        <Route path="/signup" element={<SignupPage />} />
        <Route path="/confirm" element={<ConfirmPage />} />
        <Route path="/invite/:token" element={<InvitePage />} />
        <Route element={<RequireAuth />}>
          <Route index element={<BriefsPage />} />
          <Route
            path="/briefs/:briefId/*"
            element={
              <Suspense fallback={<LoadingState label="Opening the brief…" />}>
                <BriefWorkspace />
              </Suspense>
            }
          />
        </Route>
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
