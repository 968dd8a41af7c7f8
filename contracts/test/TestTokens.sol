// SPDX-License-Identifier: UNLICENSED
pragma solidity ^0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title TestStablecoin — NOT REAL MONEY
/// @notice A 6-decimal ERC-20 for tests and demos on the embedded chain only.
/// Anyone can mint any amount, so it is worth nothing; the wallet never
/// deploys it on a configured network.
contract TestStablecoin is ERC20 {
    constructor() ERC20("Test Stablecoin (not real money)", "TSTC") {}

    function decimals() public pure override returns (uint8) {
        return 6;
    }

    /// @notice Free minting: a faucet for tests and demos.
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }
}

/// @title NoReturnToken — NOT REAL MONEY (tests only)
/// @notice A 6-decimal token whose `transfer`, `transferFrom` and `approve`
/// return nothing (as some widely used tokens do), optionally keeping a fee
/// of `feeBps` basis points on every transfer (a fee-on-transfer token).
contract NoReturnToken {
    string public name;
    string public symbol;
    uint8 public constant decimals = 6;
    uint256 public totalSupply;
    uint256 public immutable feeBps;
    mapping(address => uint256) public balanceOf;
    mapping(address => mapping(address => uint256)) public allowance;

    event Transfer(address indexed from, address indexed to, uint256 value);
    event Approval(address indexed owner, address indexed spender, uint256 value);

    constructor(string memory name_, string memory symbol_, uint256 feeBps_) {
        require(feeBps_ <= 10_000, "fee");
        name = name_;
        symbol = symbol_;
        feeBps = feeBps_;
    }

    function mint(address to, uint256 amount) external {
        totalSupply += amount;
        balanceOf[to] += amount;
        emit Transfer(address(0), to, amount);
    }

    function approve(address spender, uint256 amount) external {
        allowance[msg.sender][spender] = amount;
        emit Approval(msg.sender, spender, amount);
    }

    function transfer(address to, uint256 amount) external {
        _move(msg.sender, to, amount);
    }

    function transferFrom(address from, address to, uint256 amount) external {
        uint256 allowed = allowance[from][msg.sender];
        require(allowed >= amount, "allowance");
        allowance[from][msg.sender] = allowed - amount;
        _move(from, to, amount);
    }

    function _move(address from, address to, uint256 amount) private {
        require(balanceOf[from] >= amount, "balance");
        uint256 fee = (amount * feeBps) / 10_000;
        balanceOf[from] -= amount;
        balanceOf[to] += amount - fee;
        totalSupply -= fee;
        emit Transfer(from, to, amount - fee);
    }
}
