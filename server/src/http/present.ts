import { recommendationAbilities, type Recommendation, type Role, type User } from "@accord/domain";

export function presentUser(user: User) {
  return { id: user.id, email: user.email, name: user.name };
}

export function presentRecommendation(recommendation: Recommendation, role: Role) {
  return { ...recommendation, abilities: recommendationAbilities(role, recommendation) };
}
