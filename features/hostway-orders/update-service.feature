@hostway-orders @update-service
Feature: Updating a service in the order builder
  PUT /orders/{orderId}/account/products/{productId}/services/{serviceId} updates the name and
  the billing cycle of a service in an order (vendor page 004_fa1c0c865dddaeaa.txt). Bodies
  are read from fixtures/hostway-orders/update-service.json. The pages document no delete, so
  the scenarios share the services the run added ("a service added to the order" adds one only
  when the run has added none): the run knows each one's name and billing cycle now, and a
  request a correct target refuses asks for them, so a wrong target that accepts it changes
  nothing. In the example's associatedTo, the order-service URL names the service the scenario
  uses and the account-service URL the profile's [hostway] service. A scenario that may add a
  service changes the order (its plan's effect is "changes"), even when the update itself is
  refused.

  @status-204 @example-update-name-and-cycle
  Scenario: A service the run added is found at its Location and updated
    Given an OwnerId cookie with permission
    And a service added to the order
    When I follow the Location header with the documented example request "update-name-and-cycle"
    Then the response status is 204
    And the response has no body

  @status-204
  Scenario Outline: The name and a supported billing cycle are updated
    Given an OwnerId cookie with permission
    And a service added to the order
    And the documented example request "update-name-and-cycle"
    And the field "associatedTo" is removed
    And the field "billingCycle" is set to the <which> supported billing cycle
    When I send the request
    Then the response status is 204
    And the response has no body

    Examples:
      | which    |
      | smallest |
      | largest  |

  @status-404 @example-not-found
  Scenario: Updating a service that was never added is not found
    Given an OwnerId cookie with permission
    And a service that does not exist
    And the documented example request "update-name-and-cycle"
    And the field "associatedTo" is removed
    When I send the request
    Then the response status is 404
    And the body matches the response schema for 404
    And the body equals the documented example "not-found", volatile values aside

  @status-400
  Scenario Outline: An empty or invalid body is refused with both fields required
    Given an OwnerId cookie with permission
    And a service added to the order
    And a request body that is <body>
    When I send the request
    Then the response status is 400
    And the body matches the response schema for 400
    And the body equals the documented example "missing-both", volatile values aside

    @example-missing-both
    Examples:
      | body                 |
      | an empty JSON object |
      | empty                |
      | not valid JSON       |

  @status-400
  Scenario Outline: Each required field missing in turn is refused with the documented body
    Given an OwnerId cookie with permission
    And a service added to the order
    And the documented example request "update-name-and-cycle"
    And the field "associatedTo" is removed
    And the field "<field>" is removed
    When I send the request
    Then the response status is 400
    And the body matches the response schema for 400
    And the body equals the documented example "<example>", volatile values aside

    @example-missing-billing-cycle
    Examples: billingCycle
      | field        | example               |
      | billingCycle | missing-billing-cycle |

    @example-missing-name
    Examples: name
      | field | example      |
      | name  | missing-name |

  @status-400 @example-invalid-cycle
  Scenario: A billing cycle the service does not support is refused as invalid
    Given an OwnerId cookie with permission
    And a service added to the order
    And the documented example request "update-name-and-cycle"
    And the field "associatedTo" is removed
    And the field "billingCycle" is set to the unsupported billing cycle
    When I send the request
    Then the response status is 400
    And the body matches the response schema for 400
    And the body equals the documented example "invalid-cycle", volatile values aside

  # The order builder bounds the billing cycle of a service to whole months from 1 to 120 (the
  # POST page); no service supports another, so a correct target refuses it with either
  # documented 400 ("POST data error" or "invalid cycle"): the status and the shape are checked.
  @status-400
  Scenario Outline: A billing cycle outside 1 to 120, or not a whole number, is refused
    Given an OwnerId cookie with permission
    And a service added to the order
    And the documented example request "update-name-and-cycle"
    And the field "associatedTo" is removed
    And the field "billingCycle" is set to <billingCycle>
    When I send the request
    Then the response status is 400
    And the body matches the response schema for 400

    Examples:
      | billingCycle |
      | 0            |
      | 121          |
      | -1           |
      | 1.5          |

  @status-400
  Scenario Outline: A field of the wrong JSON type is refused
    Given an OwnerId cookie with permission
    And a service added to the order
    And the documented example request "update-name-and-cycle"
    And the field "associatedTo" is removed
    And the field "<field>" is set to <value>
    When I send the request
    Then the response status is 400
    And the body matches the response schema for 400

    Examples:
      | field        | value |
      | billingCycle | "12"  |
      | name         | 42    |
      | associatedTo | "x"   |

  @status-400
  Scenario: An empty name is no valid service name and is refused
    Given an OwnerId cookie with permission
    And a service added to the order
    And the documented example request "update-name-and-cycle"
    And the field "associatedTo" is removed
    And the field "name" is set to ""
    When I send the request
    Then the response status is 400
    And the body matches the response schema for 400

  @status-400
  Scenario Outline: An associated service URL that names no existing service is refused
    Rules 4 and 5 differ on account services (see the fixture's erratum
    update-rule-4-vs-account-services), but both refuse a URL that names no service at all:
    neither one added to the product in an order nor one on the account.
    Given an OwnerId cookie with permission
    And a service added to the order
    And the documented example request "update-name-and-cycle"
    And the field "associatedTo" is set to <urls>
    When I send the request
    Then the response status is 400
    And the body matches the response schema for 400

    Examples:
      | urls                                                               |
      | ["https://api.hostway.com/orders/0/account/products/0/services/0"] |
      | ["https://api.hostway.com/accounts/0/products/0/services/0"]       |

  @status-401 @example-unauthorized
  Scenario Outline: Updating without a valid OwnerId cookie is unauthorized, in prose
    Given an OwnerId cookie with permission
    And a service added to the order
    And <credentials>
    And the documented example request "update-name-and-cycle"
    And the field "associatedTo" is removed
    When I send the request
    Then the response status is 401
    And the body contains the documented text for 401
    And the body contains the text of the documented example "unauthorized"

    Examples:
      | credentials              |
      | no credentials           |
      | an invalid OwnerId cookie |

  @status-403
  Scenario: An owner without permission may not update the service
    Given an OwnerId cookie with permission
    And a service added to the order
    And an OwnerId cookie without permission
    And the documented example request "update-name-and-cycle"
    And the field "associatedTo" is removed
    When I send the request
    Then the response status is 403

  @status-502 @example-bad-gateway
  Scenario: The documented backend failure has the documented body
    Given an OwnerId cookie with permission
    And a service added to the order
    And the documented example request "update-name-and-cycle"
    And the field "associatedTo" is removed
    When I send the request with the documented fault 502 injected
    Then the response status is 502
    And the body matches the response schema for 502
    And the body equals the documented example "bad-gateway", volatile values aside
