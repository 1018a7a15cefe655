"""Upload the trained model to Vertex AI, deploy it to an endpoint and check that the endpoint answers."""

import os

from google.cloud import aiplatform, storage

SERVING_IMAGE = "europe-docker.pkg.dev/vertex-ai/prediction/sklearn-cpu.1-5:latest"


def upload_artifact(bucket: str) -> str:
    """Copy model/model.joblib to the bucket and return the folder Vertex AI reads it from."""
    storage.Client().bucket(bucket).blob("demand/model.joblib").upload_from_filename("model/model.joblib")
    return f"gs://{bucket}/demand"


def main() -> None:
    """Deploy the model behind an endpoint and send one prediction."""
    aiplatform.init(project=os.environ["GOOGLE_CLOUD_PROJECT"], location="europe-west1")
    model = aiplatform.Model.upload(
        display_name="demand",
        artifact_uri=upload_artifact(os.environ["DEPLOY_BUCKET"]),
        serving_container_image_uri=SERVING_IMAGE,
    )
    endpoint = model.deploy(machine_type="n1-standard-2", min_replica_count=1)
    answer = endpoint.predict(instances=[[12, 4, 6, 21.5, 0.0, 48]])
    print(f"endpoint {endpoint.resource_name} predicts {answer.predictions[0]:.1f} rentals")


if __name__ == "__main__":
    main()
