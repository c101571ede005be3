"""learnloop: safeguarding learning as a knowledge graph."""
