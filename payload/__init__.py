"""The `custom` payload that travels with a reply from the Rasa actions to the gateway.

Standard library only, so both environments (Rasa's and the gateway's) import it.
"""

from payload.custom import (
    LETTER_KINDS,
    OUTCOMES,
    CustomPayload,
    HandoffRequest,
    Safeguarding,
    button_payload,
)

__all__ = ["LETTER_KINDS", "OUTCOMES", "CustomPayload", "HandoffRequest", "Safeguarding",
           "button_payload"]
