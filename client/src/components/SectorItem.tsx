import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { NavLink } from "react-router";
import { ApiError, errorMessage } from "../api/ApiError";
import { queryKeys } from "../api/queryKeys";
import type { RecommendationView, Sector } from "@accord/protocol";
import { useBriefCache } from "../api/useBriefCache";
import { AddRecommendationForm } from "./AddRecommendationForm";
import { Dialog } from "./Dialog";
import { DisclosureMenu } from "./DisclosureMenu";
import { InlineRenameForm } from "./InlineRenameForm";
import { StatusPill } from "./StatusPill";
import { useBriefDetails, useSectors, useWorkspace } from "./workspaceContext";

interface SectorItemProps {
  sector: Sector;
  index: number;
  recommendations: RecommendationView[];
}

/** One sector in the sidebar: its name (and, for leads, rename/reorder/delete) and its recommendations. */
export function SectorItem({ sector, index, recommendations }: SectorItemProps) {
  const { api, briefId, announce } = useWorkspace();
  const sectors = useSectors();
  const { manageSectors, createRecommendation } = useBriefDetails().abilities;
  const cache = useBriefCache();
  const [renaming, setRenaming] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  // Positions are the sectors' order: each of the two takes the other's place, shown at once.
  const move = useMutation({
    mutationFn: async ({ neighbour, offset }: { neighbour: Sector; offset: -1 | 1 }) => {
      const { sector: moved } = await api.sectors.update(briefId, sector.id, { position: index + offset });
      const { sector: swapped } = await api.sectors.update(briefId, neighbour.id, { position: index });
      return [moved, swapped] as const;
    },
    onMutate: async ({ neighbour, offset }) => {
      setError(null);
      const rollback = await cache.guessSectors((current) =>
        current.map((s) =>
          s.id === sector.id
            ? { ...s, position: index + offset }
            : s.id === neighbour.id
              ? { ...s, position: index }
              : s,
        ),
      );
      return { rollback };
    },
    onSuccess: ([moved, swapped], { offset }) => {
      cache.putSector(moved);
      cache.putSector(swapped);
      announce(`${sector.name} moved ${offset < 0 ? "up" : "down"}.`);
    },
    onError: (caught, _variables, context) => {
      context?.rollback();
      setError(errorMessage(caught));
    },
    // One of the two may have been stored before the other was refused.
    onSettled: () => cache.refetch([queryKeys.sectors(briefId)]),
  });

  const rename = useMutation({
    mutationFn: (name: string) => api.sectors.update(briefId, sector.id, { name }),
    onMutate: async (name) => ({
      rollback: await cache.guessSectors((current) => current.map((s) => (s.id === sector.id ? { ...s, name } : s))),
    }),
    onSuccess: ({ sector: renamed }) => cache.putSector(renamed),
    onError: (_caught, _name, context) => context?.rollback(),
  });

  function moveBy(offset: -1 | 1) {
    const neighbour = sectors[index + offset];
    if (neighbour) move.mutate({ neighbour, offset });
  }

  async function remove() {
    setBusy(true);
    setError(null);
    try {
      await api.sectors.remove(briefId, sector.id);
      setConfirmDelete(false);
      cache.dropSector(sector.id);
      announce(`Sector ${sector.name} deleted.`);
    } catch (caught) {
      setConfirmDelete(false);
      setError(
        caught instanceof ApiError && caught.status === 409
          ? `${sector.name} still has recommendations: move or delete them first.`
          : errorMessage(caught),
      );
    } finally {
      setBusy(false);
    }
  }

  return (
    <li className="sector" data-testid={`sector-${sector.name}`}>
      <div className="sector-header">
        {renaming ? (
          <InlineRenameForm
            label={`Rename sector ${sector.name}`}
            initialValue={sector.name}
            maxLength={100}
            onCancel={() => setRenaming(false)}
            onSave={async (name) => {
              try {
                const { sector: renamed } = await rename.mutateAsync(name);
                setRenaming(false);
                announce(`Sector renamed to ${renamed.name}.`);
              } catch (caught) {
                throw new Error(errorMessage(caught));
              }
            }}
          />
        ) : (
          <>
            <h3 className="sector-name">{sector.name}</h3>
            {manageSectors ? (
              <DisclosureMenu label={`Options for sector ${sector.name}`}>
                {(close) => (
                  <>
                    <button
                      type="button"
                      onClick={() => {
                        close();
                        setRenaming(true);
                      }}
                    >
                      Rename
                    </button>
                    <button
                      type="button"
                      disabled={index === 0}
                      onClick={() => {
                        close();
                        moveBy(-1);
                      }}
                    >
                      Move up
                    </button>
                    <button
                      type="button"
                      disabled={index === sectors.length - 1}
                      onClick={() => {
                        close();
                        moveBy(1);
                      }}
                    >
                      Move down
                    </button>
                    <button
                      type="button"
                      className="danger"
                      onClick={() => {
                        close();
                        setConfirmDelete(true);
                      }}
                    >
                      Delete…
                    </button>
                  </>
                )}
              </DisclosureMenu>
            ) : null}
          </>
        )}
      </div>
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}

      {recommendations.length > 0 ? (
        <ul className="recommendation-list" aria-label={`Recommendations in ${sector.name}`}>
          {recommendations.map((recommendation) => (
            <li key={recommendation.id}>
              <NavLink
                to={`/briefs/${encodeURIComponent(briefId)}/recommendations/${encodeURIComponent(recommendation.id)}`}
                className="recommendation-link"
                data-testid="recommendation-link"
              >
                <span className="recommendation-link-title">{recommendation.title}</span>
                <span className="recommendation-link-meta">
                  <StatusPill status={recommendation.status} />
                  {recommendation.citedEvidenceIds.length === 0 ? (
                    <span className="no-citations" title="This recommendation cites no evidence yet">
                      No citations
                    </span>
                  ) : null}
                </span>
              </NavLink>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted small sector-empty">No recommendations yet.</p>
      )}

      {createRecommendation ? <AddRecommendationForm sector={sector} /> : null}

      <Dialog
        open={confirmDelete}
        onClose={() => setConfirmDelete(false)}
        title={`Delete sector “${sector.name}”?`}
        description={
          recommendations.length > 0
            ? `It still has ${recommendations.length} recommendation${recommendations.length === 1 ? "" : "s"}: move or delete them first.`
            : "This cannot be undone."
        }
      >
        <div className="dialog-actions">
          <button type="button" className="button button-secondary" onClick={() => setConfirmDelete(false)}>
            Cancel
          </button>
          <button
            type="button"
            className="button button-danger"
            onClick={remove}
            disabled={busy || recommendations.length > 0}
          >
            {busy ? "Deleting…" : "Delete sector"}
          </button>
        </div>
      </Dialog>
    </li>
  );
}
